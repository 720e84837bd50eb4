using Notifier.Aws.Management;
using Notifier.Core.Connections;
using Notifier.Local.Tests.Gateway;

namespace Notifier.Publisher.Tests.Gateway;

/// <summary>The publisher over the local gateway's own (in-memory) store, posting to its <c>@connections</c> API; real sockets receive.</summary>
public sealed class NotifierPublisherGatewayTests
{
    private const string CompactMessage = """{"type":"order.shipped","orderId":42}""";

    [Fact]
    public async Task SendToUserAsync_JsonWithWhitespace_BothDevicesReceiveCompactJson_OtherUserNothing()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await using var publisher = new NotifierPublisher(LocalOptions(harness), harness.Store);
        var phone = await harness.ConnectAsync("alice");
        var laptop = await harness.ConnectAsync("alice");
        var bob = await harness.ConnectAsync("bob");
        var ids = new[] { await harness.ConnectionIdAsync(phone), await harness.ConnectionIdAsync(laptop) };

        var report = await publisher.SendToUserAsync("alice", """{ "type": "order.shipped", "orderId": 42 }""").WaitAsync(GatewayHarness.Timeout);

        Assert.Equal(ids.Order(StringComparer.Ordinal), report.Delivered.Order(StringComparer.Ordinal));
        Assert.Empty(report.Gone);
        Assert.Empty(report.Failed);
        Assert.Equal(CompactMessage, await GatewayHarness.ReceiveTextAsync(phone));
        Assert.Equal(CompactMessage, await GatewayHarness.ReceiveTextAsync(laptop));
        await GatewayHarness.SendTextAsync(bob, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(bob));
    }

    [Fact]
    public async Task SendToConnectionAsync_StoredEndpointUnreachable_PostsToTheOverride()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var socket = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(socket);
        var store = new InMemoryConnectionStore();
        var now = DateTimeOffset.UtcNow;
        await store.AddAsync(new ConnectionRecord(id, "alice", "http://127.0.0.1:9/prod", now, ConnectionLifetime.ExpiresAt(now)));
        await using var publisher = new NotifierPublisher(LocalOptions(harness), store);

        var report = await publisher.SendToConnectionAsync(id, CompactMessage).WaitAsync(GatewayHarness.Timeout);

        Assert.Equal([id], report.Delivered);
        Assert.Equal(CompactMessage, await GatewayHarness.ReceiveTextAsync(socket));
    }

    [Fact]
    public async Task SendToUsersAsync_String_EachDeviceOfEachUserOnce()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await using var publisher = new NotifierPublisher(LocalOptions(harness), harness.Store);
        var sockets = new[] { await harness.ConnectAsync("alice"), await harness.ConnectAsync("alice"), await harness.ConnectAsync("bob") };
        foreach (var socket in sockets)
        {
            await harness.ConnectionIdAsync(socket);
        }

        var report = await publisher.SendToUsersAsync(["alice", "bob", "alice"], CompactMessage).WaitAsync(GatewayHarness.Timeout);

        Assert.Equal(3, report.Delivered.Count);
        foreach (var socket in sockets)
        {
            Assert.Equal(CompactMessage, await GatewayHarness.ReceiveTextAsync(socket));
            await GatewayHarness.SendTextAsync(socket, """{"action":"ping"}""");
            Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(socket));
        }
    }

    private static NotifierPublisherOptions LocalOptions(GatewayHarness harness) => new()
    {
        ManagementEndpointOverride = harness.Gateway.ManagementEndpoint,
        Signing = ManagementApiSigning.None,
        ManagementTimeout = GatewayHarness.Timeout,
    };
}
