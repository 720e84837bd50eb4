using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;
using Notifier.Testing.Logging;

namespace Notifier.Core.Tests.Delivery;

/// <summary>The store failing or slow while the sender looks recipients up and prunes the gone: nothing is sent twice, nothing silently lost.</summary>
public sealed class SenderStoreFaultTests
{
    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{"title":"hi"}""");
    private static readonly DeliveryOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private readonly FaultyConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();

    private NotificationSender Sender(TimeProvider? time = null) => new(_store, _channel, FastRetries, time);

    [Fact]
    public async Task SendToUserAsync_LookupFails_ThrowsTheStoreError_AndPostsNothing()
    {
        await ConnectAsync("phone", "alice");
        _store.FailLookups = true;

        await Assert.ThrowsAsync<ConnectionStoreException>(() => Sender().SendToUserAsync("alice", Message));

        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task SendToUsersAsync_OneOfManyLookupsFails_PostsToNobody_SoTheWholeSendCanBeRepeated()
    {
        for (var i = 0; i < 40; i++)
        {
            await ConnectAsync($"c{i}", $"user-{i}");
        }

        var users = Enumerable.Range(0, 40).Select(i => $"user-{i}").ToList();
        var sender = Sender();
        _store.FailLookups = true;
        await Assert.ThrowsAnyAsync<Exception>(() => sender.SendToUsersAsync(users, Message));
        _store.FailLookups = false;
        var report = await sender.SendToUsersAsync(users, Message);

        Assert.Equal(40, report.Delivered.Count);
        Assert.All(users.Select((_, i) => $"c{i}"), id => Assert.Single(_channel.Received(id)));
    }

    [Fact]
    public async Task SendToConnectionAsync_SlowLookup_CallerGivesUp_CancelsAndPostsNothing()
    {
        await ConnectAsync("phone", "alice");
        _store.LookupDelay = TimeSpan.FromSeconds(30);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender().SendToConnectionAsync("phone", Message, giveUp.Token).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task SendToUserAsync_SlowLookupWithinTheCallersPatience_StillDeliversOnce()
    {
        await ConnectAsync("phone", "alice");
        _store.LookupDelay = TimeSpan.FromMilliseconds(200);

        var report = await Sender().SendToUserAsync("alice", Message);

        Assert.Equal(["phone"], report.Delivered);
        Assert.Single(_channel.Received("phone"));
    }

    [Fact]
    public async Task SendToUserAsync_PruneFails_DeliveredAndGoneStillReported_RecordKeptForItsTtl()
    {
        await ConnectAsync("live", "alice");
        await ConnectAsync("dead", "alice");
        _channel.Script("dead", ManagementCallStatus.Gone);
        _store.FailPrunes = true;

        var report = await Sender().SendToUserAsync("alice", Message);

        Assert.Equal(["live"], report.Delivered);
        Assert.Equal(["dead"], report.Gone);
        Assert.True(report.PruneFailed);
        Assert.Single(_channel.Received("live"));
        Assert.NotNull(await _store.GetAsync("dead"));
    }

    [Fact]
    public async Task SendToUserAsync_PruneHangs_GivesUpAfter30Seconds_AndReportsIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new FaultyConnectionStore(time) { PruneDelay = Timeout.InfiniteTimeSpan };
        await store.AddAsync(TestRecords.Settled("dead", "alice", "http://127.0.0.1/local", time.GetUtcNow()));
        _channel.Script("dead", ManagementCallStatus.Gone);

        var sending = new NotificationSender(store, _channel, FastRetries, time).SendToUserAsync("alice", Message);
        while (store.Prunes == 0)
        {
            await Task.Delay(10);
        }

        time.Advance(TimeSpan.FromSeconds(30));
        var report = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["dead"], report.Gone);
        Assert.True(report.PruneFailed);
    }

    [Fact]
    public async Task SendToUserAsync_DeadlineComesWhilePruning_StopsThere_ReportsItAndLogsTheCountLeft()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new FaultyConnectionStore(time) { PruneDelay = Timeout.InfiniteTimeSpan };
        await store.AddAsync(TestRecords.Settled("live", "alice", "http://127.0.0.1/local", time.GetUtcNow()));
        await store.AddAsync(TestRecords.Settled("dead-1", "alice", "http://127.0.0.1/local", time.GetUtcNow()));
        await store.AddAsync(TestRecords.Settled("dead-2", "alice", "http://127.0.0.1/local", time.GetUtcNow()));
        _channel.Script("dead-1", ManagementCallStatus.Gone);
        _channel.Script("dead-2", ManagementCallStatus.Gone);
        using var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        using var deadline = new CancellationTokenSource();

        var sending = new NotificationSender(store, _channel, FastRetries, time, factory.CreateLogger<NotificationSender>())
            .SendToUserAsync("alice", Message, deadline.Token);
        while (store.Prunes == 0)
        {
            await Task.Delay(10);
        }

        // The fake clock stands still, so only the caller's token can end the prune.
        deadline.Cancel();
        var report = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["live"], report.Delivered);
        Assert.Equal(["dead-1", "dead-2"], report.Gone.Order(StringComparer.Ordinal));
        Assert.True(report.PruneFailed);
        Assert.False(report.Interrupted);
        Assert.Single(logs.Lines, line => line.Contains("2 gone connections left for their TTL", StringComparison.Ordinal));
        Assert.NotNull(await store.GetAsync("dead-1"));
    }

    [Fact]
    public async Task SendToUserAsync_DeadlineComesDuringThePosts_ReportIsInterrupted_PostsCutShortAreFailed()
    {
        await ConnectAsync("phone", "alice");
        await ConnectAsync("laptop", "alice");
        _channel.Latency = TimeSpan.FromMinutes(5);
        using var deadline = new CancellationTokenSource();

        var sending = Sender().SendToUserAsync("alice", Message, deadline.Token);
        while (_channel.MaxInFlight < 2)
        {
            await Task.Delay(10);
        }

        deadline.Cancel();
        var report = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(report.Interrupted);
        Assert.Empty(report.Delivered);
        Assert.Equal(["laptop", "phone"], report.Failed.Select(f => f.ConnectionId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SendToUserAsync_Completed_ReportIsNotInterrupted()
    {
        await ConnectAsync("phone", "alice");
        _channel.Script("phone", ManagementCallStatus.Failed);

        var report = await Sender().SendToUserAsync("alice", Message);

        Assert.False(report.Interrupted);
        Assert.Single(report.Failed);
    }

    [Fact]
    public async Task BroadcastAsync_ListingFailsPartWay_StartedPostsEndFirst_AndTheErrorCarriesTheirReport()
    {
        for (var i = 0; i < 30; i++)
        {
            await ConnectAsync($"c{i:00}", $"user-{i}");
        }

        _channel.Latency = TimeSpan.FromMilliseconds(100);
        _store.FailListingAfter = 10;

        var error = await Assert.ThrowsAsync<DeliveryInterruptedException>(() => Sender().BroadcastAsync(Message));
        var postsWhenThrown = _channel.Posts.Count;
        await Task.Delay(300);

        Assert.IsType<ConnectionStoreException>(error.InnerException);
        Assert.Equal(10, error.Report.Delivered.Count);
        Assert.Equal(10, postsWhenThrown);
        Assert.Equal(postsWhenThrown, _channel.Posts.Count);
        Assert.All(error.Report.Delivered, id => Assert.Single(_channel.Received(id)));
    }

    [Fact]
    public async Task BroadcastAsync_ListingFailsBeforeAnyRecipient_ThrowsTheStoreError()
    {
        await ConnectAsync("phone", "alice");
        _store.FailListingAfter = 0;

        await Assert.ThrowsAsync<ConnectionStoreException>(() => Sender().BroadcastAsync(Message));

        Assert.Empty(_channel.Posts);
    }

    // Settled connections: a 410 from one is final and prunes it.
    private Task ConnectAsync(string connectionId, string userId) =>
        _store.AddAsync(TestRecords.Settled(connectionId, userId, "http://127.0.0.1/local"));
}
