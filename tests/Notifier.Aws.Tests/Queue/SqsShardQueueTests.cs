using System.Text;
using Amazon.SQS.Model;
using Notifier.Aws.Queue;
using Notifier.Core.Delivery;
using Notifier.Core.Sharding;
using Notifier.Testing.Sqs;

namespace Notifier.Aws.Tests.Queue;

public sealed class SqsShardQueueTests
{
    private static readonly SqsShardQueueOptions NoWait = new() { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, MaxAttempts = 3 };

    private static List<ShardWork> Shards(int count, string message = "{\"text\":\"hi\"}") =>
        [.. Enumerable.Range(0, count).Select(i => new ShardWork("send-1", i, count, NotificationMessage.Parse(message)))];

    private static string Body(ShardWork shard) => Encoding.UTF8.GetString(shard.ToUtf8Json());

    [Fact]
    public async Task EnqueueAsync_TwentyFiveShards_QueuesEachBodyInBatchesOfTen()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var queue = new SqsShardQueue(sqs, fake.CreateQueue("publish"), options: NoWait);
        var shards = Shards(25);

        await queue.EnqueueAsync(shards);

        Assert.Equal(shards.Select(Body).Order(StringComparer.Ordinal), fake.SentBodies("publish").Order(StringComparer.Ordinal));
        Assert.Equal(3, fake.Requests("SendMessageBatch"));
    }

    [Fact]
    public async Task EnqueueAsync_LargeShards_KeepsEachBatchUnderTheByteLimit()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var queue = new SqsShardQueue(sqs, fake.CreateQueue("publish"), options: NoWait);
        var shards = Shards(5, $"\"{new string('x', 100_000)}\"");

        await queue.EnqueueAsync(shards);

        // Two 100 KB shards fit in one batch, three do not: the fake refuses a batch over 262,144 bytes.
        Assert.Equal(5, fake.Count("publish"));
        Assert.Equal(3, fake.Requests("SendMessageBatch"));
    }

    [Fact]
    public async Task EnqueueAsync_EntriesFailOnTheServiceSideOnce_ResendsOnlyThose()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var queue = new SqsShardQueue(sqs, fake.CreateQueue("publish"), options: NoWait);
        var shards = Shards(6);
        var failing = new HashSet<string>([Body(shards[1]), Body(shards[4])], StringComparer.Ordinal);
        fake.FailSendEntries(failing.Contains, times: 2);

        await queue.EnqueueAsync(shards);

        Assert.Equal(shards.Select(Body).Order(StringComparer.Ordinal), fake.SentBodies("publish").Order(StringComparer.Ordinal));
        Assert.Equal(2, fake.Requests("SendMessageBatch"));
    }

    [Fact]
    public async Task EnqueueAsync_EntriesKeepFailing_ThrowsNamingHowManyWereNotQueued()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var queue = new SqsShardQueue(sqs, fake.CreateQueue("publish"), options: NoWait);
        var shards = Shards(12);
        var failing = new HashSet<string>([Body(shards[2]), Body(shards[11])], StringComparer.Ordinal);
        fake.FailSendEntries(failing.Contains);

        var error = await Assert.ThrowsAsync<ShardQueueException>(() => queue.EnqueueAsync(shards));

        Assert.Equal(2, error.NotQueued);
        Assert.Contains("2 of 12 shards", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, fake.Count("publish"));
        Assert.Equal(2 * NoWait.MaxAttempts, fake.Requests("SendMessageBatch"));
    }

    [Fact]
    public async Task EnqueueAsync_EntryFailedAsTheSendersFault_IsNotResent()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var queue = new SqsShardQueue(sqs, fake.CreateQueue("publish"), options: NoWait);
        var shards = Shards(3);
        var failing = Body(shards[0]);
        fake.FailSendEntries(body => body == failing, senderFault: true, code: "InvalidParameterValue");

        var error = await Assert.ThrowsAsync<ShardQueueException>(() => queue.EnqueueAsync(shards));

        Assert.Equal(1, error.NotQueued);
        Assert.Contains("InvalidParameterValue", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, fake.Requests("SendMessageBatch"));
        Assert.Equal(2, fake.Count("publish"));
    }

    [Fact]
    public async Task EnqueueAsync_ShardOverTheMessageLimit_ThrowsBeforeSendingAny()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var queue = new SqsShardQueue(sqs, fake.CreateQueue("publish"), options: NoWait);
        var users = Enumerable.Range(0, 30_000).Select(i => $"user-{i:D5}").ToList();
        var shards = Shards(2);
        shards[1] = shards[1] with { UserIds = users };

        var error = await Assert.ThrowsAsync<ShardQueueException>(() => queue.EnqueueAsync(shards));

        Assert.Equal(2, error.NotQueued);
        Assert.Contains("Shard 1.0", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fake.Requests("SendMessageBatch"));
    }

    [Fact]
    public async Task EnqueueAsync_QueueDoesNotExist_ThrowsWithEveryShardNotQueued()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var queue = new SqsShardQueue(sqs, fake.QueueUrl("missing"), options: NoWait);

        var error = await Assert.ThrowsAsync<ShardQueueException>(() => queue.EnqueueAsync(Shards(15)));

        Assert.Equal(15, error.NotQueued);
        Assert.IsType<QueueDoesNotExistException>(error.InnerException);
    }

    [Fact]
    public async Task EnqueueAsync_ServiceErrorsOutlastTheSdksRetries_ThrowsShardQueueException()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake, maxErrorRetry: 1);
        var queue = new SqsShardQueue(sqs, fake.CreateQueue("publish"), options: NoWait);
        fake.FailNextRequests("SendMessageBatch", 2);

        var error = await Assert.ThrowsAsync<ShardQueueException>(() => queue.EnqueueAsync(Shards(4)));

        Assert.Equal(4, error.NotQueued);
        Assert.Equal(0, fake.Count("publish"));
    }

    [Fact]
    public async Task EnqueueAsync_NoShards_SendsNothing()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var queue = new SqsShardQueue(sqs, fake.CreateQueue("publish"), options: NoWait);

        await queue.EnqueueAsync([]);

        Assert.Equal(0, fake.Requests("SendMessageBatch"));
    }

    [Fact]
    public async Task EnqueueAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var queue = new SqsShardQueue(sqs, fake.CreateQueue("publish"), options: NoWait);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.EnqueueAsync(Shards(3), cancelled.Token));
        Assert.Equal(0, fake.Count("publish"));
    }

    [Fact]
    public async Task EnqueueAsync_ShardsOnTheQueue_ParseBackToTheSameShards()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        var queue = new SqsShardQueue(sqs, url, options: NoWait);
        var shard = new ShardWork("send-7", 2, 4, NotificationMessage.Parse("{\"n\":1}")) { Topic = "news", Cursor = "c1", Link = 3 };

        await queue.EnqueueAsync([shard]);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });

        Assert.True(ShardWork.TryParse(Encoding.UTF8.GetBytes(Assert.Single(received.Messages).Body), out var parsed, out var error), error);
        Assert.Equal((shard.SendId, shard.Id, shard.Topic, shard.Cursor, shard.Message.ToString()), (parsed!.SendId, parsed.Id, parsed.Topic, parsed.Cursor, parsed.Message.ToString()));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        using var sqs = SqsClientFactory.CreateClient("http://127.0.0.1:1", credentials: new Amazon.Runtime.BasicAWSCredentials("test", "test"));

        Assert.Throws<ArgumentOutOfRangeException>(() => new SqsShardQueue(sqs, "http://127.0.0.1:1/000000000000/q", options: new SqsShardQueueOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentException>(() => new SqsShardQueue(sqs, " "));
    }
}
