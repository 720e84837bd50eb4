using System.Net;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Time.Testing;
using Notifier.Testing.Sqs;

namespace Notifier.Aws.Tests.Queue;

/// <summary>The fake SQS's documented errors, as the real SDK reads them.</summary>
public sealed class FakeSqsServerErrorTests
{
    [Fact]
    public async Task GetQueueUrl_UnknownQueue_ThrowsQueueDoesNotExist()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);

        var error = await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = "missing" }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_UnknownQueueUrl_ThrowsQueueDoesNotExist()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);

        await Assert.ThrowsAsync<QueueDoesNotExistException>(
            () => sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = fake.QueueUrl("missing"), MessageBody = "x" }));
    }

    [Fact]
    public async Task ErrorAnswer_HasTheJsonTypeAndTheQueryErrorHeader()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, fake.ServiceUrl)
        {
            Content = new StringContent("{\"QueueName\":\"missing\"}"),
        };
        request.Headers.Add("X-Amz-Target", "AmazonSQS.GetQueueUrl");
        request.Content.Headers.ContentType = new("application/x-amz-json-1.0");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue;Sender", Assert.Single(response.Headers.GetValues("x-amzn-query-error")));
        Assert.Equal(
            "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SendMessage_BodyOverTheLimit_ThrowsInvalidParameterValue()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = new string('a', 262_144) });
        var error = await Assert.ThrowsAsync<AmazonSQSException>(
            () => sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = new string('a', 262_145) }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Equal(1, fake.Count("publish"));
    }

    [Fact]
    public async Task SendMessage_CharacterSqsDoesNotAllow_ThrowsInvalidMessageContents()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        await Assert.ThrowsAsync<InvalidMessageContentsException>(
            () => sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "bell\u0007" }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task ReceiveMessage_MaxNumberOfMessagesOutOfRange_ThrowsInvalidParameterValue(int max)
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        var error = await Assert.ThrowsAsync<AmazonSQSException>(
            () => sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = max }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }

    [Fact]
    public async Task DeleteMessage_HandleNeverIssued_ThrowsReceiptHandleIsInvalid()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(
            () => sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = url, ReceiptHandle = "not-a-handle" }));
    }

    [Fact]
    public async Task ChangeMessageVisibility_MessageNoLongerInFlight_ThrowsMessageNotInflight()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeSqsServer.StartAsync(time);
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x" });
        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 5 })).Messages);
        time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<MessageNotInflightException>(() => sqs.ChangeMessageVisibilityAsync(
            new ChangeMessageVisibilityRequest { QueueUrl = url, ReceiptHandle = message.ReceiptHandle, VisibilityTimeout = 30 }));
    }

    [Fact]
    public async Task GetQueueAttributes_UnknownName_ThrowsInvalidAttributeName()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake);
        var url = fake.CreateQueue("publish");

        await Assert.ThrowsAsync<InvalidAttributeNameException>(
            () => sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["NoSuchAttribute"] }));
    }

    [Fact]
    public async Task FailNextRequests_WithoutRetries_ThrowsInternalErrorThenServes()
    {
        await using var fake = await FakeSqsServer.StartAsync();
        using var sqs = TestSqs.Client(fake, maxErrorRetry: 0);
        var url = fake.CreateQueue("publish");
        fake.FailNextRequests("SendMessage", 1);

        var error = await Assert.ThrowsAsync<AmazonSQSException>(
            () => sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x" }));
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "y" });

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(["y"], fake.SentBodies("publish"));
        Assert.Equal(2, fake.Requests("SendMessage"));
    }
}
