using Notifier.Core.Connections;
using Notifier.Core.Topics;
using Xunit;

namespace Notifier.Testing.Connections;

/// <summary>Topic subscriptions, which every store keeps beside its connections (<see cref="ITopicStore"/>).</summary>
public abstract partial class ConnectionStoreContract
{
    protected async Task<(IConnectionStore Connections, ITopicStore Topics)> StoresAsync()
    {
        var store = await StoreAsync();
        var topics = Assert.IsAssignableFrom<ITopicStore>(store);
        return (store, topics);
    }

    protected async Task<ConnectionRecord> SubscribedAsync(IConnectionStore store, string userId, params string[] topics)
    {
        var connection = Connection(NewConnectionId(), userId);
        await store.AddAsync(connection);
        foreach (var topic in topics)
        {
            await ((ITopicStore)store).SubscribeAsync(connection, topic);
        }

        return connection;
    }

    [SkippableFact]
    public async Task SubscribeAsync_ThenListSubscribers_ReturnsTheConnectionsRecord()
    {
        var (store, topics) = await StoresAsync();

        var connection = await SubscribedAsync(store, "user-1", "orders/42");
        var subscribers = await ReadAllAsync(topics.ListSubscribersAsync("orders/42"));

        Assert.Equal(connection, Assert.Single(subscribers));
    }

    [SkippableFact]
    public async Task SubscribeAsync_Twice_IsOneSubscription()
    {
        var (store, topics) = await StoresAsync();
        var connection = await SubscribedAsync(store, "user-1", "orders/42");

        await topics.SubscribeAsync(connection, "orders/42");

        Assert.Single(await ReadAllAsync(topics.ListSubscribersAsync("orders/42")));
        Assert.Equal(["orders/42"], await topics.ListTopicsAsync(connection.ConnectionId));
        Assert.Equal(1, await topics.CountSubscribersAsync("orders/42"));
    }

    [SkippableFact]
    public async Task ListSubscribersAsync_ListsThatTopicOnly_NotTopicsSharingAPrefix()
    {
        var (store, topics) = await StoresAsync();
        var exact = await SubscribedAsync(store, "user-1", "orders/4");
        var longer = await SubscribedAsync(store, "user-2", "orders/42");
        var both = await SubscribedAsync(store, "user-3", "orders/4", "orders/42");

        var subscribers = await ReadAllAsync(topics.ListSubscribersAsync("orders/4"));

        Assert.Equal(Ids([exact, both]), Ids(subscribers));
        Assert.DoesNotContain(longer.ConnectionId, Ids(subscribers));
        Assert.Empty(await ReadAllAsync(topics.ListSubscribersAsync("orders")));
    }

    [SkippableFact]
    public async Task UnsubscribeAsync_EndsThatSubscriptionOnly_AndSaysWhetherThereWasOne()
    {
        var (store, topics) = await StoresAsync();
        var connection = await SubscribedAsync(store, "user-1", "room:1", "room:2");

        var first = await topics.UnsubscribeAsync(connection.ConnectionId, "room:1");
        var again = await topics.UnsubscribeAsync(connection.ConnectionId, "room:1");

        Assert.True(first);
        Assert.False(again);
        Assert.Empty(await ReadAllAsync(topics.ListSubscribersAsync("room:1")));
        Assert.Equal(["room:2"], await topics.ListTopicsAsync(connection.ConnectionId));
        Assert.NotNull(await store.GetAsync(connection.ConnectionId));
    }

    [SkippableFact]
    public async Task ListTopicsAsync_EveryNameShape_RoundTrips()
    {
        var (store, topics) = await StoresAsync();
        string[] names = ["user:alice@example.com", "a.b-c_d:e/f@g", "orders/42", new string('t', TopicName.MaximumLength)];

        var connection = await SubscribedAsync(store, "user-1", names);

        Assert.Equal(Sorted(names), Sorted(await topics.ListTopicsAsync(connection.ConnectionId)));
        Assert.Empty(await topics.ListTopicsAsync(NewConnectionId()));
    }

    [SkippableFact]
    public async Task CountSubscribersAsync_ManySubscribers_CountsEachLiveOneOnce()
    {
        var (store, topics) = await StoresAsync();
        var live = new List<ConnectionRecord>();
        for (var i = 0; i < 35; i++)
        {
            live.Add(await SubscribedAsync(store, $"user-{i % 4}", "doc:7"));
        }

        var stale = Connection(NewConnectionId(), "user-1", age: ExpiredAge);
        await store.AddAsync(stale);
        await topics.SubscribeAsync(stale, "doc:7");

        Assert.Equal(35, await topics.CountSubscribersAsync("doc:7"));
        Assert.Equal(Ids(live), Ids(await ReadAllAsync(topics.ListSubscribersAsync("doc:7"))));
        Assert.Equal(0, await topics.CountSubscribersAsync("doc:8"));
    }

    [SkippableFact]
    public async Task Subscriptions_ExpireWithTheirConnection()
    {
        var (store, topics) = await StoresAsync();
        var connection = await SubscribedAsync(store, "user-1", "room:1");

        Time.Advance(ConnectionLifetime.MaximumDuration + ConnectionLifetime.ExpiryMargin + TimeSpan.FromSeconds(1));

        Assert.Empty(await ReadAllAsync(topics.ListSubscribersAsync("room:1")));
        Assert.Equal(0, await topics.CountSubscribersAsync("room:1"));
        Assert.Empty(await topics.ListTopicsAsync(connection.ConnectionId));
    }
}
