using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Notifier.Core.Delivery;

namespace Notifier.Local.Tests.Gateway;

/// <summary>Resume and the history routes end to end: real sockets and HTTP against the gateway's own history.</summary>
public sealed class ResumeTests
{
    /// <summary>Connects with the <c>notifier.v1</c> subprotocol and a token whose topics claim lists <paramref name="topics"/>.</summary>
    private static async Task<ClientWebSocket> ConnectV1Async(GatewayHarness harness, string user, params string[] topics)
    {
        var client = new ClientWebSocket();
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        client.Options.AddSubProtocol(NotificationEnvelope.Protocol);
        await client.ConnectAsync(harness.Url(harness.TokenWithTopics(user, topics)), CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        Assert.Equal(NotificationEnvelope.Protocol, client.SubProtocol);

        // The record must say notifier.v1 for the resume to be allowed, whichever way $connect recorded it.
        var connectionId = await harness.ConnectionIdAsync(client);
        var record = await harness.Store.GetAsync(connectionId);
        await harness.Store.AddAsync(record! with { Protocol = NotificationEnvelope.Protocol });
        return client;
    }

    private static async Task AppendAsync(GatewayHarness harness, string stream, int count)
    {
        for (var n = 1; n <= count; n++)
        {
            await harness.Gateway.History.AppendAsync(stream, $"{stream}#{n}", Encoding.UTF8.GetBytes($$"""{"stream":"{{stream}}","n":{{n}}}"""));
        }
    }

    private static async Task<JsonElement> ReceiveJsonAsync(ClientWebSocket client) =>
        JsonDocument.Parse(await GatewayHarness.ReceiveTextAsync(client)).RootElement.Clone();

    [Fact]
    public async Task Resume_AfterReconnect_SendsTheMissedMessagesInOrder_ThenResumed_AndRefusesAForbiddenTopic()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using (var before = await ConnectV1Async(harness, "alice", "orders/*"))
        {
            await before.CloseAsync(WebSocketCloseStatus.NormalClosure, "going offline", CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        }

        await AppendAsync(harness, "user:alice", 4);
        await AppendAsync(harness, "orders/42", 2);
        await AppendAsync(harness, "admin/x", 2);
        using var client = await ConnectV1Async(harness, "alice", "orders/*");

        await GatewayHarness.SendTextAsync(client, """{"action":"resume","streams":{"user:alice":2,"admin/x":0,"orders/42":0}}""");

        var refusal = await ReceiveJsonAsync(client);
        Assert.Equal("error", refusal.GetProperty("type").GetString());
        Assert.Equal("admin/x", refusal.GetProperty("stream").GetString());
        var notifications = new List<string>();
        for (var n = 0; n < 4; n++)
        {
            var frame = await ReceiveJsonAsync(client);
            Assert.Equal("notification", frame.GetProperty("type").GetString());
            notifications.Add($"{frame.GetProperty("stream").GetString()} {frame.GetProperty("seq").GetInt64()} {frame.GetProperty("message").GetRawText()}");
        }

        Assert.Equal(
            [
                """user:alice 3 {"stream":"user:alice","n":3}""",
                """user:alice 4 {"stream":"user:alice","n":4}""",
                """orders/42 1 {"stream":"orders/42","n":1}""",
                """orders/42 2 {"stream":"orders/42","n":2}""",
            ],
            notifications);
        Assert.Equal(
            """{"type":"resumed","streams":{"user:alice":{"last":4,"complete":true},"orders/42":{"last":2,"complete":true}}}""",
            await GatewayHarness.ReceiveTextAsync(client));
        await GatewayHarness.AssertNothingPendingAsync(client);
    }

    [Fact]
    public async Task Resume_FromBeyondTheLast_AnswersTheRealLast_AndAResumeFromThereAfterAReconnect_SendsWhatCameMeanwhile()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await AppendAsync(harness, "user:alice", 2);
        await AppendAsync(harness, "orders/42", 3);
        long userLast, topicLast;
        using (var before = await ConnectV1Async(harness, "alice", "orders/*"))
        {
            // As the browser client learns where the streams it follows stand, one stream per resume.
            await GatewayHarness.SendTextAsync(before, """{"action":"resume","streams":{"user:alice":9007199254740991}}""");
            userLast = (await ReceiveJsonAsync(before)).GetProperty("streams").GetProperty("user:alice").GetProperty("last").GetInt64();
            await GatewayHarness.SendTextAsync(before, """{"action":"resume","streams":{"orders/42":9007199254740991}}""");
            var topic = (await ReceiveJsonAsync(before)).GetProperty("streams").GetProperty("orders/42");
            topicLast = topic.GetProperty("last").GetInt64();
            Assert.True(topic.GetProperty("complete").GetBoolean());
            await GatewayHarness.AssertNothingPendingAsync(before);
            await before.CloseAsync(WebSocketCloseStatus.NormalClosure, "going offline", CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        }

        await AppendAsync(harness, "user:alice", 1);
        await AppendAsync(harness, "orders/42", 1);
        using var after = await ConnectV1Async(harness, "alice", "orders/*");
        await GatewayHarness.SendTextAsync(after, $$$"""{"action":"resume","streams":{"user:alice":{{{userLast}}},"orders/42":{{{topicLast}}}}}""");
        var resent = new List<string>();
        for (var n = 0; n < 2; n++)
        {
            var frame = await ReceiveJsonAsync(after);
            resent.Add($"{frame.GetProperty("stream").GetString()} {frame.GetProperty("seq").GetInt64()}");
        }

        Assert.Equal((2L, 3L), (userLast, topicLast));
        Assert.Equal(["user:alice 3", "orders/42 4"], resent);
        Assert.Equal(
            """{"type":"resumed","streams":{"user:alice":{"last":3,"complete":true},"orders/42":{"last":4,"complete":true}}}""",
            await GatewayHarness.ReceiveTextAsync(after));
    }

    [Fact]
    public async Task Resume_WithoutTheSubprotocol_IsRefused()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await AppendAsync(harness, "user:bob", 2);
        var client = await harness.ConnectAsync("bob");

        await GatewayHarness.SendTextAsync(client, """{"action":"resume","streams":{"user:bob":0}}""");

        Assert.Equal("""{"type":"error","action":"resume","message":"resume needs the notifier.v1 subprotocol"}""", await GatewayHarness.ReceiveTextAsync(client));
        await GatewayHarness.AssertNothingPendingAsync(client);
    }

    [Fact]
    public async Task HistoryRoutes_AnswerTheStoredMessages_AndRefuseBadParameters()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await AppendAsync(harness, "user:alice", 3);
        await AppendAsync(harness, "orders/42", 2);

        var user = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, "users/alice/messages?after=1&limit=1"));
        var topic = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, "topics/orders/42/messages"));
        var bad = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, "users/alice/messages?limit=5000"));

        Assert.Equal(HttpStatusCode.OK, user.StatusCode);
        Assert.Equal(
            """{"stream":"user:alice","last":3,"complete":true,"messages":[{"seq":2,"id":"user:alice#2","message":{"stream":"user:alice","n":2}}]}""",
            await user.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, topic.StatusCode);
        var page = JsonDocument.Parse(await topic.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([1L, 2L], page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("\"limit\" must be", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
