using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Xunit;

namespace Notifier.Testing.Connections;

/// <summary>The subprotocol a connection chose travels with its record everywhere a sender reads it: senders choose envelope or raw bytes by it.</summary>
public abstract partial class ConnectionStoreContract
{
    [SkippableFact]
    public async Task Protocol_IsKept_ByEveryReadOfTheRecord_AndByItsSubscriptions()
    {
        var (store, topics) = await StoresAsync();
        var connection = Connection(NewConnectionId(), "user-1") with { Protocol = NotificationEnvelope.Protocol };
        await store.AddAsync(connection);
        await topics.SubscribeAsync(connection, "orders/42");

        Assert.Equal(NotificationEnvelope.Protocol, (await store.GetAsync(connection.ConnectionId))!.Protocol);
        Assert.Equal(NotificationEnvelope.Protocol, Assert.Single(await store.ListByUserAsync("user-1")).Protocol);
        Assert.Equal(NotificationEnvelope.Protocol, Assert.Single(await ReadAllAsync(store.ListAllAsync())).Protocol);
        Assert.Equal(NotificationEnvelope.Protocol, Assert.Single(await ReadAllAsync(topics.ListSubscribersAsync("orders/42"))).Protocol);
    }

    [SkippableFact]
    public async Task Protocol_None_ReadsBackAsNull()
    {
        var (store, topics) = await StoresAsync();
        var connection = Connection(NewConnectionId(), "user-1");
        await store.AddAsync(connection);
        await topics.SubscribeAsync(connection, "orders/42");

        Assert.Null((await store.GetAsync(connection.ConnectionId))!.Protocol);
        Assert.Null(Assert.Single(await ReadAllAsync(topics.ListSubscribersAsync("orders/42"))).Protocol);
    }
}
