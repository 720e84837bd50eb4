using System.Security.Cryptography;
using System.Text;
using Amazon.SQS.Model;
using Microsoft.Extensions.Time.Testing;
using Notifier.Testing.Sqs;

namespace Notifier.Aws.Tests.Queue;

/// <summary>The fake SQS driven by the real SDK: sending, receiving and at-least-once redelivery.</summary>
public sealed class FakeSqsServerMessageTests
{
    private static readonly List<string> ReceiveCount = ["ApproximateReceiveCount"];

    [Fact]
    public async Task CreateQueue_ThenGetQueueUrl_ReturnTheSameUrl()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);

        var created = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "publish" });
        var found = await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = "publish" });

        Assert.Equal(fake.QueueUrl("publish"), created.QueueUrl);
        Assert.Equal(created.QueueUrl, found.QueueUrl);
        Assert.Equal(["publish"], fake.QueueNames());
    }

    [Fact]
    public async Task SendMessage_ThenReceive_ReturnsTheBodyWithItsMd5AndFirstReceive()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        var sent = await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "{\"hello\":\"wörld\"}" });
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ReceiveCount });

        var message = Assert.Single(received.Messages);
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal("{\"hello\":\"wörld\"}", message.Body);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(message.Body))), sent.MD5OfMessageBody);
        Assert.Equal(sent.MD5OfMessageBody, message.MD5OfBody);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(["{\"hello\":\"wörld\"}"], fake.SentBodies("publish"));
    }

    [Fact]
    public async Task ReceiveMessage_SystemAttributeNamesAll_ReturnsTheSystemAttributes()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "a" });

        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ["All"] });

        var attributes = Assert.Single(received.Messages).Attributes;
        Assert.Equal("1", attributes["ApproximateReceiveCount"]);
        Assert.True(attributes.ContainsKey("SentTimestamp"));
        Assert.True(attributes.ContainsKey("ApproximateFirstReceiveTimestamp"));
    }

    [Fact]
    public async Task ReceiveMessage_NotDeleted_ComesBackAfterItsVisibilityTimeoutWithANewHandle()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeSqsServer.StartAsync(time);
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "shard" });
        var request = new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 30, MessageSystemAttributeNames = ReceiveCount };

        var first = Assert.Single((await sqs.ReceiveMessageAsync(request)).Messages);
        time.Advance(TimeSpan.FromSeconds(29));
        var hidden = await sqs.ReceiveMessageAsync(request);
        time.Advance(TimeSpan.FromSeconds(1));
        var again = Assert.Single((await sqs.ReceiveMessageAsync(request)).Messages);

        Assert.True(hidden.Messages is null or { Count: 0 });
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.ReceiptHandle, again.ReceiptHandle);
        Assert.Equal("2", again.Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task ReceiveMessage_WithoutVisibilityTimeout_UsesTheQueues()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeSqsServer.StartAsync(time);
        using var sqs = TestSqs.Client(fake);
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "publish", Attributes = new() { ["VisibilityTimeout"] = "5" } })).QueueUrl;
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "shard" });

        Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url })).Messages);
        time.Advance(TimeSpan.FromSeconds(4));
        var hidden = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });
        time.Advance(TimeSpan.FromSeconds(1));
        var again = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });

        Assert.True(hidden.Messages is null or { Count: 0 });
        Assert.Single(again.Messages);
    }

    [Fact]
    public async Task DeleteMessage_ThenTheTimeoutPasses_IsNotDeliveredAgain()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeSqsServer.StartAsync(time);
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "shard" });
        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 10 })).Messages);

        await sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = url, ReceiptHandle = message.ReceiptHandle });
        time.Advance(TimeSpan.FromSeconds(60));
        var after = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });
        await sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = url, ReceiptHandle = message.ReceiptHandle });

        Assert.True(after.Messages is null or { Count: 0 });
        Assert.Equal(0, fake.Count("publish"));
    }

    [Fact]
    public async Task ReceiveMessage_MaxNumberOfMessagesTen_ReturnsAtMostTenEachOnce()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        for (var i = 0; i < 12; i++)
        {
            await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = $"m{i}" });
        }

        var first = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });
        var second = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });
        var third = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });

        Assert.Equal(10, first.Messages.Count);
        Assert.Equal(2, second.Messages.Count);
        Assert.True(third.Messages is null or { Count: 0 });
        Assert.Equal(12, first.Messages.Concat(second.Messages).Select(m => m.Body).Distinct().Count());
    }

    [Fact]
    public async Task ReceiveMessage_LongPoll_ReturnsAMessageSentWhileItWaits()
    {
        await using var fake = await FakeSqsServer.StartAsync(new FakeTimeProvider());
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        var polling = sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
        await TestSqs.UntilAsync(() => fake.WaitingReceives == 1);
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "late" });

        var received = await TestSqs.Within(polling);
        Assert.Equal("late", Assert.Single(received.Messages).Body);
    }

    [Fact]
    public async Task ReceiveMessage_LongPollOnAnEmptyQueue_AnswersEmptyWhenItsTimeIsUp()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeSqsServer.StartAsync(time);
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        var polling = sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 5 });
        await TestSqs.UntilAsync(() => fake.WaitingReceives == 1);
        time.Advance(TimeSpan.FromSeconds(5));

        var received = await TestSqs.Within(polling);
        Assert.True(received.Messages is null or { Count: 0 });
    }

    [Fact]
    public async Task ReceiveMessage_LongPoll_WakesWhenAnInFlightMessageTimesOut()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeSqsServer.StartAsync(time);
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "shard" });
        await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 3 });

        var polling = sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
        await TestSqs.UntilAsync(() => fake.WaitingReceives == 1);
        time.Advance(TimeSpan.FromSeconds(3));

        var received = await TestSqs.Within(polling);
        Assert.Equal("shard", Assert.Single(received.Messages).Body);
    }

    [Fact]
    public async Task ChangeMessageVisibility_Zero_MakesTheMessageReceivableAtOnce()
    {
        await using var fake = await FakeSqsServer.StartAsync(new FakeTimeProvider());
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "shard" });
        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 600 })).Messages);

        await sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest { QueueUrl = url, ReceiptHandle = message.ReceiptHandle, VisibilityTimeout = 0 });
        var again = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ReceiveCount });

        Assert.Equal("2", Assert.Single(again.Messages).Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task GetQueueAttributes_CountsVisibleAndInFlightMessages()
    {
        await using var fake = await FakeSqsServer.StartAsync(new FakeTimeProvider());
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        for (var i = 0; i < 3; i++)
        {
            await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = $"m{i}" });
        }

        await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });

        Assert.Equal(2, attributes.ApproximateNumberOfMessages);
        Assert.Equal(1, attributes.ApproximateNumberOfMessagesNotVisible);
        Assert.Equal(2, attributes.Attributes.Count);
    }

    [Fact]
    public async Task RedrivePolicy_ReceivedMoreThanMaxReceiveCount_MovesTheMessageToTheDeadLetterQueue()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeSqsServer.StartAsync(time);
        using var sqs = TestSqs.Client(fake);
        fake.CreateQueue("publish-dlq");
        var policy = $"{{\"deadLetterTargetArn\":\"{FakeSqsServer.QueueArn("publish-dlq")}\",\"maxReceiveCount\":\"2\"}}";
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "publish", Attributes = new() { ["RedrivePolicy"] = policy } })).QueueUrl;
        var sent = await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "poison" });
        var request = new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 10 };

        Assert.Single((await sqs.ReceiveMessageAsync(request)).Messages);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Single((await sqs.ReceiveMessageAsync(request)).Messages);
        time.Advance(TimeSpan.FromSeconds(10));
        var third = await sqs.ReceiveMessageAsync(request);
        var dead = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = fake.QueueUrl("publish-dlq") });

        Assert.True(third.Messages is null or { Count: 0 });
        Assert.Equal(0, fake.Count("publish"));
        Assert.Equal(sent.MessageId, Assert.Single(dead.Messages).MessageId);
    }

    [Fact]
    public async Task PurgeQueue_RemovesEveryMessage()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "a" });
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "b" });

        await sqs.PurgeQueueAsync(new PurgeQueueRequest { QueueUrl = url });

        Assert.Equal(0, fake.Count("publish"));
        Assert.Equal(["a", "b"], fake.SentBodies("publish"));
    }

    [Fact]
    public async Task SendMessage_DelaySeconds_HidesTheMessageUntilTheDelayPasses()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeSqsServer.StartAsync(time);
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "later", DelaySeconds = 5 });

        var early = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });
        time.Advance(TimeSpan.FromSeconds(5));
        var due = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });

        Assert.True(early.Messages is null or { Count: 0 });
        Assert.Single(due.Messages);
    }
}
