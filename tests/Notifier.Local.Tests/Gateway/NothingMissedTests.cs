using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Notifier.Core.Delivery;

namespace Notifier.Local.Tests.Gateway;

/// <summary>A connection dropped abruptly misses nothing: what was published meanwhile, to its user and to its topic, comes back on resume, once and in order.</summary>
public sealed class NothingMissedTests
{
    private static async Task<ClientWebSocket> ConnectV1Async(GatewayHarness harness)
    {
        var client = new ClientWebSocket();
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        client.Options.AddSubProtocol(NotificationEnvelope.Protocol);
        await client.ConnectAsync(harness.Url(harness.TokenWithTopics("alice", "orders/*")), CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        Assert.Equal(NotificationEnvelope.Protocol, client.SubProtocol);
        return client;
    }

    private static async Task PublishAsync(GatewayHarness harness, string recipient, int n)
    {
        var response = await harness.Http.PostAsync(
            new Uri(harness.Gateway.BaseAddress, "notifications"),
            new StringContent("{" + recipient + ",\"message\":{\"n\":" + n + "}}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> ReceiveJsonAsync(ClientWebSocket client) =>
        JsonDocument.Parse(await GatewayHarness.ReceiveTextAsync(client)).RootElement.Clone();

    [Fact]
    public async Task DroppedConnection_ResumesEveryMessagePublishedMeanwhile_OnceAndInOrder()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var first = await ConnectV1Async(harness);
        var firstId = await harness.ConnectionIdAsync(first);
        Assert.Equal("subscribed", (await GatewayHarness.TopicActionAsync(first, "subscribe", "orders/42")).GetProperty("type").GetString());
        await PublishAsync(harness, "\"userId\":\"alice\"", 0);
        await PublishAsync(harness, "\"topic\":\"orders/42\"", 0);
        var live = new[] { await ReceiveJsonAsync(first), await ReceiveJsonAsync(first) };
        Assert.All(live, frame => Assert.Equal(1, frame.GetProperty("seq").GetInt64()));

        // Dropped without a close frame, as a network loss would; the gateway notices and runs $disconnect.
        first.Abort();
        first.Dispose();
        Assert.True(await harness.RecordGoneWithinAsync(firstId, GatewayHarness.Timeout), "the dropped connection was never removed");
        for (var n = 1; n <= 5; n++)
        {
            await PublishAsync(harness, "\"userId\":\"alice\"", n);
            await PublishAsync(harness, "\"topic\":\"orders/42\"", n);
        }

        using var second = await ConnectV1Async(harness);
        Assert.Equal("subscribed", (await GatewayHarness.TopicActionAsync(second, "subscribe", "orders/42")).GetProperty("type").GetString());
        await GatewayHarness.SendTextAsync(second, """{"action":"resume","streams":{"user:alice":1,"orders/42":1}}""");

        var received = new List<(string Stream, long Seq, int N)>();
        for (var i = 0; i < 10; i++)
        {
            var frame = await ReceiveJsonAsync(second);
            Assert.Equal("notification", frame.GetProperty("type").GetString());
            received.Add((frame.GetProperty("stream").GetString()!, frame.GetProperty("seq").GetInt64(), frame.GetProperty("message").GetProperty("n").GetInt32()));
        }

        foreach (var stream in new[] { "user:alice", "orders/42" })
        {
            Assert.Equal(
                [(stream, 2L, 1), (stream, 3L, 2), (stream, 4L, 3), (stream, 5L, 4), (stream, 6L, 5)],
                received.Where(r => r.Stream == stream).ToList());
        }

        Assert.Equal(
            """{"type":"resumed","streams":{"user:alice":{"last":6,"complete":true},"orders/42":{"last":6,"complete":true}}}""",
            await GatewayHarness.ReceiveTextAsync(second));
        await GatewayHarness.AssertNothingPendingAsync(second);
    }
}
