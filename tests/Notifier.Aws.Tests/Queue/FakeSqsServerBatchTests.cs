using Amazon.SQS.Model;
using Microsoft.Extensions.Time.Testing;
using Notifier.Testing.Sqs;

namespace Notifier.Aws.Tests.Queue;

/// <summary>The fake SQS's batch operations and their errors, driven by the real SDK.</summary>
public sealed class FakeSqsServerBatchTests
{
    private static List<SendMessageBatchRequestEntry> Entries(int count, int bodyLength = 1) =>
        [.. Enumerable.Range(0, count).Select(i => new SendMessageBatchRequestEntry { Id = $"e{i}", MessageBody = new string((char)('a' + (i % 26)), bodyLength) })];

    [Fact]
    public async Task SendMessageBatch_TenEntries_QueuesEachWithItsMd5()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = Entries(10) });

        Assert.Equal(10, response.Successful.Count);
        Assert.True(response.Failed is null or { Count: 0 });
        Assert.Equal(10, fake.Count("publish"));
        Assert.Equal(10, response.Successful.Select(s => s.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task SendMessageBatch_ElevenEntries_ThrowsTooManyEntriesInBatchRequest()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        await Assert.ThrowsAsync<TooManyEntriesInBatchRequestException>(
            () => sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = Entries(11) }));
        Assert.Equal(0, fake.Count("publish"));
    }

    [Fact]
    public async Task SendMessageBatch_NoEntries_ThrowsEmptyBatchRequest()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        await Assert.ThrowsAsync<EmptyBatchRequestException>(
            () => sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = [] }));
    }

    [Fact]
    public async Task SendMessageBatch_RepeatedId_ThrowsBatchEntryIdsNotDistinct()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        var entries = Entries(2);
        entries[1].Id = entries[0].Id;

        await Assert.ThrowsAsync<BatchEntryIdsNotDistinctException>(
            () => sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = entries }));
    }

    [Fact]
    public async Task SendMessageBatch_TotalOverTheLimit_ThrowsBatchRequestTooLong()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = Entries(2, 131_072) });
        await Assert.ThrowsAsync<BatchRequestTooLongException>(
            () => sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = Entries(3, 90_000) }));

        Assert.Equal(2, fake.Count("publish"));
    }

    [Fact]
    public async Task SendMessageBatch_OneBadBody_FailsThatEntryAsTheSendersFault()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        var entries = Entries(3);
        entries[1].MessageBody = "bell\u0007";

        var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = entries });

        var failed = Assert.Single(response.Failed);
        Assert.Equal("e1", failed.Id);
        Assert.True(failed.SenderFault);
        Assert.Equal("InvalidMessageContents", failed.Code);
        Assert.Equal(["e0", "e2"], response.Successful.Select(s => s.Id).Order());
    }

    [Fact]
    public async Task FailSendEntries_ChosenBodies_FailOnTheServiceSideUntilUsedUp()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        fake.FailSendEntries(body => body == "b", times: 1);

        var first = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = Entries(3) });
        var second = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = Entries(3) });

        var failed = Assert.Single(first.Failed);
        Assert.Equal("e1", failed.Id);
        Assert.False(failed.SenderFault);
        Assert.True(second.Failed is null or { Count: 0 });
        Assert.Equal(["a", "c", "a", "b", "c"], fake.SentBodies("publish"));
    }

    [Fact]
    public async Task DeleteMessageBatch_ValidAndUnknownHandles_ReportsEachEntry()
    {
        await using var fake = await FakeSqsServer.StartAsync(new FakeTimeProvider());
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = Entries(2) });
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });

        var response = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
        {
            QueueUrl = url,
            Entries =
            [
                new DeleteMessageBatchRequestEntry { Id = "ok0", ReceiptHandle = received.Messages[0].ReceiptHandle },
                new DeleteMessageBatchRequestEntry { Id = "ok1", ReceiptHandle = received.Messages[1].ReceiptHandle },
                new DeleteMessageBatchRequestEntry { Id = "bad", ReceiptHandle = "nope" },
            ],
        });

        Assert.Equal(["ok0", "ok1"], response.Successful.Select(s => s.Id).Order());
        var failed = Assert.Single(response.Failed);
        Assert.Equal(("bad", "ReceiptHandleIsInvalid", true), (failed.Id, failed.Code, failed.SenderFault == true));
        Assert.Equal(0, fake.Count("publish"));
    }

    [Fact]
    public async Task DeleteMessageBatch_ElevenEntries_ThrowsTooManyEntriesInBatchRequest()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        var entries = Enumerable.Range(0, 11).Select(i => new DeleteMessageBatchRequestEntry { Id = $"d{i}", ReceiptHandle = "h" }).ToList();

        await Assert.ThrowsAsync<TooManyEntriesInBatchRequestException>(
            () => sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest { QueueUrl = url, Entries = entries }));
    }
}
