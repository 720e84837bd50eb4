using Notifier.Local.Signing;
using Notifier.Core.Delivery;
using static Notifier.Aws.Tests.Management.FakeAnswer;
using static Notifier.Aws.Tests.Management.TestManagementClients;

namespace Notifier.Aws.Tests.Delivery;

public abstract partial class SenderOverManagementApiContract
{
    [SkippableFact]
    public async Task BroadcastAsync_SignedWithDummyCredentials_EveryPostAndRetryVerifies()
    {
        var (sender, store) = await SenderAsync(Signed(PostTimeout));
        var throttled = await ConnectAsync(store, "alice", "throttled", Throttled, Ok);
        var flaky = await ConnectAsync(store, "alice", "flaky", ServerError, Ok);
        var gone = await ConnectAsync(store, "bob", "gone", Gone);
        var verifier = new SigV4Verifier(id => id == AccessKeyId ? SecretKey : null, new SigV4VerifierOptions { Region = Region });

        var report = await sender.BroadcastAsync(NotificationMessage.Parse(Message)).WaitAsync(Wait);

        Assert.Equal(Sorted([throttled, flaky]), Sorted(report.Delivered));
        Assert.Equal([throttled], report.DeliveredAfterThrottling);
        Assert.Equal([gone], report.Gone);
        Assert.Null(await store.GetAsync(gone).WaitAsync(Wait));
        var posts = Endpoint.Requests.Where(request => request.Method == "POST").ToList();
        Assert.Equal(5, posts.Count);
        Assert.All(posts, request => Assert.Equal(SigV4VerificationResult.Valid(AccessKeyId), verifier.Verify(request)));
        AssertNothingDoubleSent();
    }
}
