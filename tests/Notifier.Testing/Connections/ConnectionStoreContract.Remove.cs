using Xunit;

namespace Notifier.Testing.Connections;

public abstract partial class ConnectionStoreContract
{
    [SkippableFact]
    public async Task RemoveAsync_Twice_ReturnsTrueThenFalse()
    {
        var store = await StoreAsync();
        var connection = Connection("Jx2fCd1voAMCLtg=", "user-1");
        await store.AddAsync(connection);

        var first = await store.RemoveAsync(connection.ConnectionId);
        var second = await store.RemoveAsync(connection.ConnectionId);

        Assert.True(first);
        Assert.False(second);
        Assert.Null(await store.GetAsync(connection.ConnectionId));
        Assert.Empty(await store.ListByUserAsync("user-1"));
    }

    [SkippableFact]
    public async Task RemoveAsync_UnknownId_ReturnsFalse()
    {
        var store = await StoreAsync();

        var removed = await store.RemoveAsync("unknown0000000A=");

        Assert.False(removed);
    }

    [SkippableFact]
    public async Task RemoveAsync_OneOfTwoDevices_KeepsTheOther()
    {
        var store = await StoreAsync();
        var phone = Connection(NewConnectionId(), "user-1");
        var laptop = Connection(NewConnectionId(), "user-1");
        await AddAllAsync(store, [phone, laptop]);

        await store.RemoveAsync(phone.ConnectionId);

        Assert.Equal(laptop, Assert.Single(await store.ListByUserAsync("user-1")));
    }

    [SkippableFact]
    public async Task RemoveManyAsync_SixtyOfEightyIds_RemovesExactlyThose()
    {
        var store = await StoreAsync();
        var connections = Enumerable.Range(0, 80).Select(i => Connection(NewConnectionId(), $"user-{i % 3}")).ToList();
        await AddAllAsync(store, connections);
        var gone = connections.Take(60).Select(c => c.ConnectionId).ToList();
        var kept = connections.Skip(60).ToList();

        await store.RemoveManyAsync([.. gone, "unknown0000000A=", "unknown0000000B="]);

        Assert.Equal(Ids(kept), Ids(await ReadAllAsync(store.ListAllAsync())));
        Assert.Null(await store.GetAsync(gone[0]));
        Assert.Null(await store.GetAsync(gone[^1]));
        Assert.NotNull(await store.GetAsync(kept[0].ConnectionId));
    }

    [SkippableFact]
    public async Task RemoveManyAsync_DuplicateIds_RemovesThemOnce()
    {
        var store = await StoreAsync();
        var connection = Connection(NewConnectionId(), "user-1");
        var other = Connection(NewConnectionId(), "user-1");
        await AddAllAsync(store, [connection, other]);

        await store.RemoveManyAsync([connection.ConnectionId, connection.ConnectionId, connection.ConnectionId]);

        Assert.Equal(other, Assert.Single(await store.ListByUserAsync("user-1")));
    }

    [SkippableFact]
    public async Task RemoveManyAsync_OnlyUnknownIds_ChangesNothing()
    {
        var store = await StoreAsync();
        var connection = Connection(NewConnectionId(), "user-1");
        await store.AddAsync(connection);

        await store.RemoveManyAsync(["unknown0000000A=", "unknown0000000B="]);
        await store.RemoveManyAsync([]);

        Assert.Equal(connection, await store.GetAsync(connection.ConnectionId));
    }
}
