using Notifier.Core.Topics;
using Xunit;

namespace Notifier.Testing.Connections;

/// <summary>A connection's subscriptions go with it, and never show up as connections.</summary>
public abstract partial class ConnectionStoreContract
{
    [SkippableFact]
    public async Task RemoveAsync_Connection_RemovesItsSubscriptions_OthersStay()
    {
        var (store, topics) = await StoresAsync();
        var leaving = await SubscribedAsync(store, "user-1", "room:1", "room:2");
        var staying = await SubscribedAsync(store, "user-2", "room:1");

        await store.RemoveAsync(leaving.ConnectionId);

        Assert.Equal([staying.ConnectionId], Ids(await ReadAllAsync(topics.ListSubscribersAsync("room:1"))));
        Assert.Empty(await ReadAllAsync(topics.ListSubscribersAsync("room:2")));
        Assert.Empty(await topics.ListTopicsAsync(leaving.ConnectionId));
    }

    [SkippableFact]
    public async Task RemoveManyAsync_Connections_RemovesTheirSubscriptions()
    {
        var (store, topics) = await StoresAsync();
        var gone = new[]
        {
            await SubscribedAsync(store, "user-1", "room:1"),
            await SubscribedAsync(store, "user-2", "room:1", "room:2"),
        };
        var staying = await SubscribedAsync(store, "user-3", "room:2");

        await store.RemoveManyAsync([.. gone.Select(c => c.ConnectionId)]);

        Assert.Equal(0, await topics.CountSubscribersAsync("room:1"));
        Assert.Equal([staying.ConnectionId], Ids(await ReadAllAsync(topics.ListSubscribersAsync("room:2"))));
    }

    [SkippableFact]
    public async Task AddAsync_SameIdAgain_KeepsItsSubscriptions()
    {
        var (store, topics) = await StoresAsync();
        var connection = await SubscribedAsync(store, "user-1", "room:1");

        await store.AddAsync(connection with { SourceIp = "198.51.100.4" });

        Assert.Equal(["room:1"], await topics.ListTopicsAsync(connection.ConnectionId));
    }

    [SkippableFact]
    public async Task ListAllAndListByUser_ListConnectionsOnly_NotSubscriptions()
    {
        var (store, _) = await StoresAsync();
        var connection = await SubscribedAsync(store, "user-1", "room:1", "room:2", TopicName.ForUser("user-1"));

        var all = await ReadAllAsync(store.ListAllAsync());
        var byUser = await store.ListByUserAsync("user-1");

        Assert.Equal(connection, Assert.Single(all));
        Assert.Equal(connection, Assert.Single(byUser));
    }
}
