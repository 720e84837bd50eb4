using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Notifier.Local.Tests.Gateway;

/// <summary>The dashboard's JSON endpoints over a real gateway: charts, connections, topics and streams.</summary>
public sealed class DashboardEndpointsTests
{
    private static Task<HttpResponseMessage> PublishAsync(GatewayHarness harness, string body) =>
        harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));

    private static Task<JsonElement> GetJsonAsync(GatewayHarness harness, string path) =>
        harness.Http.GetFromJsonAsync<JsonElement>(new Uri(harness.Gateway.BaseAddress, path));

    [Fact]
    public async Task Metrics_AfterPublishes_PointsCountThemAndTheConnections()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await using var feed = await FeedReader.OpenAsync(harness.Gateway.BaseAddress);
        var alice = await harness.ConnectAsync("alice");
        var bob = await harness.ConnectAsync("bob");
        await harness.ConnectionIdAsync(alice);
        await harness.ConnectionIdAsync(bob);
        var before = await GetJsonAsync(harness, "_local/metrics");
        Assert.Equal(1, before.GetProperty("intervalSeconds").GetInt32());
        Assert.Equal(0, Sum(before, "published"));

        Assert.Equal(HttpStatusCode.OK, (await PublishAsync(harness, """{"userId":"alice","message":{"n":1}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PublishAsync(harness, """{"userIds":["alice","bob"],"message":{"n":2}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PublishAsync(harness, """{"userId":"nobody","message":{"n":3}}""")).StatusCode);

        // The publishes' second ends at most a second from now; the answer lists ended seconds only.
        JsonElement after;
        using (var timeout = new CancellationTokenSource(GatewayHarness.Timeout))
        {
            do
            {
                await Task.Delay(100, timeout.Token);
                after = await GetJsonAsync(harness, "_local/metrics");
            }
            while (Sum(after, "published") < 3);
        }

        Assert.Equal(3, Sum(after, "published"));
        Assert.Equal(3, Sum(after, "delivered"));
        Assert.Equal(0, Sum(after, "gone") + Sum(after, "failed") + Sum(after, "throttled"));
        var points = after.GetProperty("points").EnumerateArray().ToList();
        Assert.InRange(points.Count, 1, 900);
        Assert.Equal(2, points[^1].GetProperty("connections").GetInt32());
        var times = points.Select(p => p.GetProperty("time").GetInt64()).ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(pair.First + 1000, pair.Second));
        // The same seconds reach an open page as metrics events.
        var streamed = await feed.WaitForAsync(m => m.Event == "metrics" && m.Json.GetProperty("published").GetInt64() > 0, "of kind metrics with publishes");
        Assert.Null(streamed.Id);
        Assert.False(streamed.Json.TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task Connections_ListSubprotocolAndSubscriptions_AndKeepTheirEarlierFields()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectWithTopicsAsync("alice", "news", "orders/*");
        await GatewayHarness.TopicActionAsync(client, "subscribe", "orders/42");
        await GatewayHarness.TopicActionAsync(client, "subscribe", "news");
        var id = await harness.ConnectionIdAsync(client);

        var entry = Assert.Single((await GetJsonAsync(harness, "_local/connections")).EnumerateArray());

        Assert.Equal(id, entry.GetProperty("connectionId").GetString());
        Assert.Equal("alice", entry.GetProperty("userId").GetString());
        Assert.Equal(3, entry.GetProperty("messagesIn").GetInt64());
        Assert.Equal(3, entry.GetProperty("messagesOut").GetInt64());
        Assert.True(entry.GetProperty("connectedForSeconds").GetInt64() >= 0);
        Assert.True(entry.TryGetProperty("connectedAt", out _));
        Assert.True(entry.TryGetProperty("lastActiveAt", out _));
        Assert.Equal("127.0.0.1", entry.GetProperty("sourceIp").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("subprotocol").ValueKind);
        Assert.Equal(["news", "orders/42"], entry.GetProperty("subscriptions").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task TopicsAndStreams_ListMembersAndStoredMessages()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var alice = await harness.ConnectWithTopicsAsync("alice", "*");
        var bob = await harness.ConnectWithTopicsAsync("bob", "*");
        await GatewayHarness.TopicActionAsync(alice, "subscribe", "room:1");
        await GatewayHarness.TopicActionAsync(bob, "subscribe", "room:1");
        await GatewayHarness.TopicActionAsync(bob, "subscribe", "lobby");
        Assert.Equal(HttpStatusCode.OK, (await PublishAsync(harness, """{"topic":"room:1","message":{"n":1}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PublishAsync(harness, """{"topic":"room:1","message":{"n":2}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PublishAsync(harness, """{"userId":"alice","message":{"n":3}}""")).StatusCode);

        var topics = await GetJsonAsync(harness, "_local/topics");
        var streams = await GetJsonAsync(harness, "_local/streams");

        Assert.Equal(
            [("lobby", 1), ("room:1", 2)],
            topics.EnumerateArray().Select(t => (t.GetProperty("topic").GetString(), t.GetProperty("members").GetInt32())));
        Assert.Equal(3600, streams.GetProperty("retentionSeconds").GetInt64());
        Assert.Equal(
            [("room:1", 2L, 2), ("user:alice", 1L, 1)],
            streams.GetProperty("streams").EnumerateArray().Select(s => (s.GetProperty("stream").GetString(), s.GetProperty("lastSeq").GetInt64(), s.GetProperty("stored").GetInt32())));
    }

    private static long Sum(JsonElement answer, string field) =>
        answer.GetProperty("points").EnumerateArray().Sum(point => point.GetProperty(field).GetInt64());
}
