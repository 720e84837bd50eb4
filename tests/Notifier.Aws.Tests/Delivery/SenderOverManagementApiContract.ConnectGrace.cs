using Notifier.Core.Delivery;
using Notifier.Testing.Connections;
using static Notifier.Aws.Tests.Management.FakeAnswer;
using static Notifier.Aws.Tests.Management.TestManagementClients;

namespace Notifier.Aws.Tests.Delivery;

/// <summary>410 GoneException from a connection whose <c>$connect</c> just stored it: its socket is not open yet.</summary>
public abstract partial class SenderOverManagementApiContract
{
    [SkippableFact]
    public async Task SendToUserAsync_JustConnected_GoneUntilOpen_DeliveredOnRetry_RecordKept()
    {
        var (sender, store) = await SenderAsync();
        var opening = await ConnectAsync(store, TestRecords.JustConnected(NewConnectionId("opening"), "alice", Endpoint.Endpoint), Gone, Gone, Ok);

        var report = await sender.SendToUserAsync("alice", NotificationMessage.Parse(Message)).WaitAsync(Wait);

        Assert.Equal([opening], report.Delivered);
        Assert.Empty(report.Gone);
        Assert.Equal([410, 410, 200], Endpoint.Posts.Where(p => p.ConnectionId == opening).Select(p => p.Status));
        AssertNothingDoubleSent();
        Assert.NotNull(await store.GetAsync(opening).WaitAsync(Wait));
    }

    [SkippableFact]
    public async Task SendToUserAsync_JustConnected_AlwaysGone_ReportedGone_RecordKeptAfterBoundedPosts()
    {
        var (sender, store) = await SenderAsync();
        var opening = await ConnectAsync(store, TestRecords.JustConnected(NewConnectionId("opening"), "alice", Endpoint.Endpoint), Gone);

        var report = await sender.SendToUserAsync("alice", NotificationMessage.Parse(Message)).WaitAsync(Wait);

        Assert.Equal([opening], report.Gone);
        Assert.False(report.PruneFailed);
        Assert.Equal(1 + FastRetries.EstablishingRetries, PostCount(opening));
        Assert.NotNull(await store.GetAsync(opening).WaitAsync(Wait));
    }
}
