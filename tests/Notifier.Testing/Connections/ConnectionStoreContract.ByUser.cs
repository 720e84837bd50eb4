using Xunit;

namespace Notifier.Testing.Connections;

public abstract partial class ConnectionStoreContract
{
    [SkippableFact]
    public async Task ListByUserAsync_AfterAdd_ReturnsTheConnection()
    {
        var store = await StoreAsync();
        var connection = Connection("L0SM9cOFvHcCIhw=", "user-1");

        await store.AddAsync(connection);
        var listed = await store.ListByUserAsync("user-1");

        Assert.Equal(connection, Assert.Single(listed));
    }

    [SkippableFact]
    public async Task ListByUserAsync_TwoDevicesOfOneUser_ListsBoth()
    {
        var store = await StoreAsync();
        var phone = Connection(NewConnectionId(), "user-1");
        var laptop = Connection(NewConnectionId(), "user-1");

        await AddAllAsync(store, [phone, laptop]);
        var listed = await store.ListByUserAsync("user-1");

        Assert.Equal(Ids([phone, laptop]), Ids(listed));
    }

    [SkippableFact]
    public async Task ListByUserAsync_OtherUsersConnections_AreNotListed()
    {
        var store = await StoreAsync();
        var mine = Connection(NewConnectionId(), "user-1");
        var theirs = Connection(NewConnectionId(), "user-2");
        var prefixTwin = Connection(NewConnectionId(), "user-10");

        await AddAllAsync(store, [mine, theirs, prefixTwin]);

        Assert.Equal(mine, Assert.Single(await store.ListByUserAsync("user-1")));
        Assert.Equal(theirs, Assert.Single(await store.ListByUserAsync("user-2")));
    }

    [SkippableFact]
    public async Task ListByUserAsync_UnknownUser_ReturnsEmpty()
    {
        var store = await StoreAsync();
        await store.AddAsync(Connection(NewConnectionId(), "user-1"));

        var listed = await store.ListByUserAsync("nobody");

        Assert.Empty(listed);
    }

    [SkippableFact]
    public async Task ListByUserAsync_UserWithMoreThanHundredConnections_ListsThemAll()
    {
        var store = await StoreAsync();
        var connections = Enumerable.Range(0, 130).Select(_ => Connection(NewConnectionId(), "busy-user")).ToList();
        await AddAllAsync(store, connections);
        await store.AddAsync(Connection(NewConnectionId(), "other-user"));

        var listed = await store.ListByUserAsync("busy-user");

        Assert.Equal(Ids(connections), Ids(listed));
    }

    [SkippableFact]
    public async Task ListByUserAsync_ConcurrentAdds_ListsEveryConnection()
    {
        var store = await StoreAsync();
        var connections = Enumerable.Range(0, 40).Select(_ => Connection(NewConnectionId(), "user-1")).ToList();

        await Task.WhenAll(connections.Select(c => store.AddAsync(c)));

        Assert.Equal(Ids(connections), Ids(await store.ListByUserAsync("user-1")));
    }
}
