using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;

namespace Notifier.Core.Tests.Delivery;

public sealed class NotificationSenderTests
{
    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{ "title": "hi" }""");
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();

    private static DeliveryOptions FastRetries => new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private NotificationSender Sender(DeliveryOptions? options = null) => new(_store, _channel, options ?? FastRetries);

    // Settled connections: a 410 from one is final (the window right after $connect is SenderConnectGraceTests').
    private Task ConnectAsync(string connectionId, string userId) =>
        _store.AddAsync(TestRecords.Settled(connectionId, userId, "http://127.0.0.1/local"));

    [Fact]
    public async Task SendToUserAsync_TwoDevices_BothReceiveCompactJson_OtherUserDoesNot()
    {
        await ConnectAsync("phone", "alice");
        await ConnectAsync("laptop", "alice");
        await ConnectAsync("bob-1", "bob");

        var report = await Sender().SendToUserAsync("alice", Message);

        Assert.Equal(["laptop", "phone"], report.Delivered.Order());
        Assert.Equal(["{\"title\":\"hi\"}"], _channel.Received("phone"));
        Assert.Equal(["{\"title\":\"hi\"}"], _channel.Received("laptop"));
        Assert.Equal(0, _channel.Attempts("bob-1"));
    }

    [Fact]
    public async Task SendToUserAsync_UnknownUser_IsEmptyReport()
    {
        var report = await Sender().SendToUserAsync("nobody", Message);

        Assert.Equal(0, report.Recipients);
        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task SendToUserAsync_GoneConnection_IsReportedAndPruned()
    {
        await ConnectAsync("live", "alice");
        await ConnectAsync("dead", "alice");
        _channel.Script("dead", ManagementCallStatus.Gone);

        var report = await Sender().SendToUserAsync("alice", Message);

        Assert.Equal(["live"], report.Delivered);
        Assert.Equal(["dead"], report.Gone);
        Assert.Null(await _store.GetAsync("dead"));
        Assert.NotNull(await _store.GetAsync("live"));
        Assert.False(report.PruneFailed);
    }

    [Fact]
    public async Task SendToUserAsync_ThrottledThenOk_IsDeliveredOnceAfterThrottling()
    {
        await ConnectAsync("c1", "alice");
        _channel.Script("c1", ManagementCallStatus.Throttled, ManagementCallStatus.Throttled);

        var report = await Sender().SendToUserAsync("alice", Message);

        Assert.Equal(["c1"], report.Delivered);
        Assert.Equal(["c1"], report.DeliveredAfterThrottling);
        Assert.Equal(3, _channel.Attempts("c1"));
        Assert.Single(_channel.Received("c1"));
    }

    [Fact]
    public async Task SendToUserAsync_ThrottledForever_FailsAfterBoundedRetries()
    {
        await ConnectAsync("c1", "alice");
        _channel.Script("c1", Enumerable.Repeat(ManagementCallStatus.Throttled, 50).ToArray());

        var report = await Sender(new DeliveryOptions { ThrottleRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) })
            .SendToUserAsync("alice", Message);

        var failure = Assert.Single(report.Failed);
        Assert.Equal(ManagementCallStatus.Throttled, failure.Status);
        Assert.Equal(4, _channel.Attempts("c1"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public async Task SendToUserAsync_Throttled_CountsEveryConnectionThrottledOnce_DeliveredOrNot(int throttleRetries)
    {
        await ConnectAsync("recovers", "alice");
        await ConnectAsync("throttled-out", "alice");
        await ConnectAsync("gone-after-429", "alice");
        await ConnectAsync("fine", "alice");
        _channel.Script("recovers", throttleRetries > 0 ? [ManagementCallStatus.Throttled] : []);
        _channel.Script("throttled-out", Enumerable.Repeat(ManagementCallStatus.Throttled, 50).ToArray());
        _channel.Script("gone-after-429", throttleRetries > 0 ? [ManagementCallStatus.Throttled, ManagementCallStatus.Gone] : [ManagementCallStatus.Gone]);

        var report = await Sender(new DeliveryOptions { ThrottleRetries = throttleRetries, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) })
            .SendToUserAsync("alice", Message);

        Assert.Equal(throttleRetries > 0 ? 3 : 1, report.Throttled);
        Assert.Equal(throttleRetries > 0 ? ["recovers"] : [], report.DeliveredAfterThrottling);
        Assert.Equal("throttled-out", Assert.Single(report.Failed).ConnectionId);
    }

    [Theory]
    [InlineData(ManagementCallStatus.PayloadTooLarge, 1)]
    [InlineData(ManagementCallStatus.Forbidden, 1)]
    [InlineData(ManagementCallStatus.Failed, 1)]
    [InlineData(ManagementCallStatus.TransientFailure, 3)]
    public async Task SendToUserAsync_PermanentOrRepeatedFailure_IsReportedWithReason(ManagementCallStatus status, int expectedAttempts)
    {
        await ConnectAsync("c1", "alice");
        _channel.Script("c1", Enumerable.Repeat(status, 10).ToArray());

        var report = await Sender().SendToUserAsync("alice", Message);

        var failure = Assert.Single(report.Failed);
        Assert.Equal(("c1", status), (failure.ConnectionId, failure.Status));
        Assert.Contains("scripted", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(expectedAttempts, _channel.Attempts("c1"));
        Assert.NotNull(await _store.GetAsync("c1"));
    }

    [Fact]
    public async Task SendToUserAsync_TransientThenOk_IsDelivered()
    {
        await ConnectAsync("c1", "alice");
        _channel.Script("c1", ManagementCallStatus.TransientFailure);

        var report = await Sender().SendToUserAsync("alice", Message);

        Assert.Equal(["c1"], report.Delivered);
    }

    [Fact]
    public async Task SendToUsersAsync_OverlappingUsers_EachConnectionOnce()
    {
        await ConnectAsync("a1", "alice");
        await ConnectAsync("b1", "bob");

        var report = await Sender().SendToUsersAsync(["alice", "bob", "alice", "carol"], Message);

        Assert.Equal(["a1", "b1"], report.Delivered.Order());
        Assert.Equal(1, _channel.Attempts("a1"));
    }

    [Fact]
    public async Task SendToConnectionAsync_Unknown_IsGoneWithoutPosting()
    {
        var report = await Sender().SendToConnectionAsync("missing", Message);

        Assert.Equal(["missing"], report.Gone);
        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task BroadcastAsync_ManyConnections_AllDeliveredUnderConcurrencyCap()
    {
        for (var i = 0; i < 500; i++)
        {
            await ConnectAsync($"c{i}", $"user{i % 50}");
        }

        _channel.Latency = TimeSpan.FromMilliseconds(2);
        var report = await Sender(new DeliveryOptions { MaxConcurrency = 16 }).BroadcastAsync(Message);

        Assert.Equal(500, report.Delivered.Count);
        Assert.InRange(_channel.MaxInFlight, 2, 16);
    }

    [Fact]
    public async Task BroadcastAsync_EveryConnectionThrottledOnce_AllDeliveredOnRetry()
    {
        for (var i = 0; i < 200; i++)
        {
            await ConnectAsync($"c{i}", "crowd");
            _channel.Script($"c{i}", ManagementCallStatus.Throttled);
        }

        _channel.Latency = TimeSpan.FromMilliseconds(2);
        var report = await Sender(new DeliveryOptions { MaxConcurrency = 32, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(4) })
            .BroadcastAsync(Message);

        Assert.Equal(200, report.Delivered.Count);
        Assert.Equal(200, report.DeliveredAfterThrottling.Count);
    }

    [Fact]
    public async Task SendToUserAsync_CancelledMidway_ReportsEveryConnectionOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await ConnectAsync($"c{i}", "alice");
        }

        _channel.Latency = TimeSpan.FromMilliseconds(200);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var report = await Sender(new DeliveryOptions { MaxConcurrency = 2, MinConcurrency = 1 }).SendToUserAsync("alice", Message, cancel.Token)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(20, report.Recipients);
        Assert.Contains(report.Failed, f => f.Reason.Contains("cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendToUserAsync_StoreFailsToPrune_ReportsPruneFailure()
    {
        var channel = new ScriptedChannel();
        channel.Script("dead", ManagementCallStatus.Gone);
        var store = new FaultyConnectionStore { FailPrunes = true };
        await store.AddAsync(TestRecords.Settled("dead", "alice", "http://x"));

        var report = await new NotificationSender(store, channel, FastRetries).SendToUserAsync("alice", Message);

        Assert.Equal(["dead"], report.Gone);
        Assert.True(report.PruneFailed);
    }
}
