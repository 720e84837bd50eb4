using System.Net.WebSockets;
using Notifier.Aws.Management;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// The path a backend service takes: <see cref="NotificationSender"/> over the gateway's store, posting with the real
/// <see cref="ManagementApiClient"/> (unsigned) to the gateway's <c>@connections</c> API, received by real sockets.
/// </summary>
public sealed class ManagementClientDeliveryTests
{
    private const string Message = """{ "type" : "order.shipped", "orderId" : 42, "tags" : [ "a b", "c" ] }""";
    private const string CompactMessage = """{"type":"order.shipped","orderId":42,"tags":["a b","c"]}""";

    [Fact]
    public async Task SendToUserAsync_TwoDevices_BothReceiveCompactJson_OtherUserNothing()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var client = Unsigned();
        var sender = new NotificationSender(harness.Store, client);
        var phone = await harness.ConnectAsync("alice");
        var laptop = await harness.ConnectAsync("alice");
        var bob = await harness.ConnectAsync("bob");
        var phoneId = await harness.ConnectionIdAsync(phone);
        var laptopId = await harness.ConnectionIdAsync(laptop);

        var report = await sender.SendToUserAsync("alice", NotificationMessage.Parse(Message)).WaitAsync(GatewayHarness.Timeout);

        Assert.Equal(new[] { phoneId, laptopId }.Order(StringComparer.Ordinal), report.Delivered.Order(StringComparer.Ordinal));
        Assert.Empty(report.Gone);
        Assert.Empty(report.Failed);
        Assert.Equal(CompactMessage, await GatewayHarness.ReceiveTextAsync(phone));
        Assert.Equal(CompactMessage, await GatewayHarness.ReceiveTextAsync(laptop));
        await GatewayHarness.SendTextAsync(bob, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(bob));
    }

    [Fact]
    public async Task SendToUserAsync_DeviceClosedWithoutDisconnect_ReportedGoneAndPruned()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var client = Unsigned();
        var sender = new NotificationSender(harness.Store, client);
        var phone = await harness.ConnectAsync("alice");
        var laptop = await harness.ConnectAsync("alice");
        var phoneId = await harness.ConnectionIdAsync(phone);
        var laptopId = await harness.ConnectionIdAsync(laptop);
        var laptopRecord = await harness.Store.GetAsync(laptopId).WaitAsync(GatewayHarness.Timeout);

        // The laptop goes away; $disconnect is best effort, so its record is put back as if it had been lost,
        // connected long enough ago that its 410 is final (a 410 just after $connect is a socket still opening).
        await laptop.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        Assert.True(await harness.RecordGoneWithinASecondAsync(laptopId));
        await harness.Store.AddAsync(laptopRecord! with { ConnectedAt = laptopRecord.ConnectedAt - TestRecords.SettledAge }).WaitAsync(GatewayHarness.Timeout);

        var report = await sender.SendToUserAsync("alice", NotificationMessage.Parse(Message)).WaitAsync(GatewayHarness.Timeout);

        Assert.Equal([phoneId], report.Delivered);
        Assert.Equal([laptopId], report.Gone);
        Assert.Empty(report.Failed);
        Assert.False(report.PruneFailed);
        Assert.Null(await harness.Store.GetAsync(laptopId).WaitAsync(GatewayHarness.Timeout));
        Assert.Equal(CompactMessage, await GatewayHarness.ReceiveTextAsync(phone));
    }

    [Fact]
    public async Task BroadcastAsync_OverManagementApi_EverySocketReceivesOnce()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var client = Unsigned();
        var sender = new NotificationSender(harness.Store, client);
        var sockets = new[] { await harness.ConnectAsync("alice"), await harness.ConnectAsync("bob"), await harness.ConnectAsync("carol") };
        foreach (var socket in sockets)
        {
            await harness.ConnectionIdAsync(socket);
        }

        var report = await sender.BroadcastAsync(NotificationMessage.Parse(Message)).WaitAsync(GatewayHarness.Timeout);

        Assert.Equal(3, report.Delivered.Count);
        foreach (var socket in sockets)
        {
            Assert.Equal(CompactMessage, await GatewayHarness.ReceiveTextAsync(socket));
            await GatewayHarness.SendTextAsync(socket, """{"action":"ping"}""");
            Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(socket));
        }
    }

    private static ManagementApiClient Unsigned() =>
        new(new ManagementApiOptions { Signing = ManagementApiSigning.None, Timeout = GatewayHarness.Timeout });
}
