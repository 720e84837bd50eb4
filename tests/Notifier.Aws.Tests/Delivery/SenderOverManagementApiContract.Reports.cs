using Notifier.Core.Delivery;
using static Notifier.Aws.Tests.Management.FakeAnswer;
using static Notifier.Aws.Tests.Management.TestManagementClients;

namespace Notifier.Aws.Tests.Delivery;

public abstract partial class SenderOverManagementApiContract
{
    [SkippableFact]
    public async Task BroadcastAsync_EveryKindOfAnswer_ReportIsExact()
    {
        var (sender, store) = await SenderAsync();
        var ok = await ConnectAsync(store, "alice", "ok", Ok);
        var gone = await ConnectAsync(store, "alice", "gone", Gone);
        var tooLarge = await ConnectAsync(store, "alice", "large", TooLarge);
        var throttledThenOk = await ConnectAsync(store, "bob", "throttled", Throttled, Throttled, Ok);
        var failingThenOk = await ConnectAsync(store, "bob", "flaky", ServerError, Ok);
        var alwaysFailing = await ConnectAsync(store, "carol", "broken", ServerError);
        var slow = await ConnectAsync(store, "carol", "slow", Slow);

        var report = await sender.BroadcastAsync(NotificationMessage.Parse(Message)).WaitAsync(Wait);

        Assert.Equal(Sorted([ok, throttledThenOk, failingThenOk]), Sorted(report.Delivered));
        Assert.Equal([throttledThenOk], report.DeliveredAfterThrottling);
        Assert.Equal([gone], report.Gone);
        Assert.Equal(
            new[]
            {
                new DeliveryFailure(alwaysFailing, ManagementCallStatus.TransientFailure, "500 InternalServerErrorException"),
                new DeliveryFailure(tooLarge, ManagementCallStatus.PayloadTooLarge, "413 PayloadTooLargeException"),
                new DeliveryFailure(slow, ManagementCallStatus.Unconfirmed, "timed out after 1500 ms"),
            },
            report.Failed.OrderBy(failure => failure.ConnectionId, StringComparer.Ordinal));
        Assert.False(report.PruneFailed);
        Assert.Equal(7, report.Recipients);

        Assert.Equal(1, PostCount(ok));
        Assert.Equal(1, PostCount(gone));
        Assert.Equal(1, PostCount(tooLarge));
        Assert.Equal(3, PostCount(throttledThenOk));
        Assert.Equal(2, PostCount(failingThenOk));
        Assert.Equal(3, PostCount(alwaysFailing));
        // The fake records a post when its answer ends; for a post the client gave up on, that is when
        // the abort reaches the server, which can come just after the report. A post that may have been
        // delivered is never repeated: one post, however long it waits.
        for (var waited = 0; PostCount(slow) < 1 && waited < 5000; waited += 50)
        {
            await Task.Delay(50);
        }

        await Task.Delay(200);
        Assert.Equal(1, PostCount(slow));
        AssertNothingDoubleSent();

        Assert.Null(await store.GetAsync(gone).WaitAsync(Wait));
        foreach (var kept in new[] { ok, tooLarge, throttledThenOk, failingThenOk, alwaysFailing, slow })
        {
            Assert.NotNull(await store.GetAsync(kept).WaitAsync(Wait));
        }
    }

    [SkippableFact]
    public async Task SendToUserAsync_OneDeviceGone_OtherDeliveredAndGoneOnePruned()
    {
        var (sender, store) = await SenderAsync();
        var phone = await ConnectAsync(store, "alice", "phone", Ok);
        var laptop = await ConnectAsync(store, "alice", "laptop", Gone);
        var bob = await ConnectAsync(store, "bob", "bob", Ok);
        var message = NotificationMessage.Parse(Message);

        var first = await sender.SendToUserAsync("alice", message).WaitAsync(Wait);
        var second = await sender.SendToUserAsync("alice", message).WaitAsync(Wait);

        Assert.Equal([phone], first.Delivered);
        Assert.Equal([laptop], first.Gone);
        Assert.Empty(first.Failed);
        Assert.Equal([phone], (await store.ListByUserAsync("alice").WaitAsync(Wait)).Select(c => c.ConnectionId));
        Assert.Equal([phone], second.Delivered);
        Assert.Empty(second.Gone);
        Assert.Equal(2, PostCount(phone));
        Assert.Equal(1, PostCount(laptop));
        Assert.Equal(0, PostCount(bob));
        Assert.All(Endpoint.Posts, post => Assert.Equal(CompactMessage, post.Body));
    }

    [SkippableFact]
    public async Task SendToUsersAsync_ThrottledThenOk_RetriedUntilDeliveredAndPostedOnceAfter()
    {
        var (sender, store) = await SenderAsync();
        var throttled = await ConnectAsync(store, "alice", "throttled", Throttled, Throttled, Throttled, Ok);
        var plain = await ConnectAsync(store, "bob", "plain", Ok);

        var report = await sender.SendToUsersAsync(["alice", "bob", "alice", "nobody"], NotificationMessage.Parse(Message)).WaitAsync(Wait);

        Assert.Equal(Sorted([throttled, plain]), Sorted(report.Delivered));
        Assert.Equal([throttled], report.DeliveredAfterThrottling);
        Assert.Empty(report.Gone);
        Assert.Empty(report.Failed);
        Assert.Equal([429, 429, 429, 200], Endpoint.Posts.Where(p => p.ConnectionId == throttled).Select(p => p.Status));
        Assert.Equal([200], Endpoint.Posts.Where(p => p.ConnectionId == plain).Select(p => p.Status));
        AssertNothingDoubleSent();
    }

    [SkippableFact]
    public async Task SendToConnectionAsync_AlwaysThrottled_FailsAfterBoundedRetries()
    {
        var (sender, store) = await SenderAsync();
        var throttled = await ConnectAsync(store, "alice", "throttled", Throttled);

        var report = await sender.SendToConnectionAsync(throttled, NotificationMessage.Parse(Message)).WaitAsync(Wait);

        Assert.Empty(report.Delivered);
        Assert.Equal([new DeliveryFailure(throttled, ManagementCallStatus.Throttled, "429 LimitExceededException")], report.Failed);
        Assert.Equal(1 + 6, PostCount(throttled));
        Assert.NotNull(await store.GetAsync(throttled).WaitAsync(Wait));
    }

    [SkippableFact]
    public async Task SendToConnectionAsync_UnknownConnection_GoneWithoutAnyPost()
    {
        var (sender, _) = await SenderAsync();

        var report = await sender.SendToConnectionAsync("L0SM+cOF/HcCIhw=", NotificationMessage.Parse(Message)).WaitAsync(Wait);

        Assert.Equal(["L0SM+cOF/HcCIhw="], report.Gone);
        Assert.Empty(Endpoint.Posts);
    }
}
