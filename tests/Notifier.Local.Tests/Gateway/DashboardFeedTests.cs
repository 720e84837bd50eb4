using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Notifier.Core.Sharding;

namespace Notifier.Local.Tests.Gateway;

/// <summary>The dashboard's live feed (<c>GET /_local/events</c>) over a real gateway: what each handshake, message, publish and management call puts in it.</summary>
public sealed class DashboardFeedTests
{
    private static Task<HttpResponseMessage> PublishAsync(GatewayHarness harness, string body) =>
        harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));

    private static Task<JsonElement> GetJsonAsync(GatewayHarness harness, string path) =>
        harness.Http.GetFromJsonAsync<JsonElement>(new Uri(harness.Gateway.BaseAddress, path));

    [Fact]
    public async Task Events_HandshakesAndAMessage_AreFedWithVerdictsAndReply()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await using var feed = await FeedReader.OpenAsync(harness.Gateway.BaseAddress);

        Assert.Equal(403, await harness.RefusedStatusAsync(harness.Url("not-a-jwt")));
        Assert.Equal(401, await harness.RefusedStatusAsync(harness.Url(null)));
        var client = await harness.ConnectAsync("alice", "notifier.v1");
        var connectionId = await harness.ConnectionIdAsync(client);

        var denied = (await feed.WaitForEventAsync("handshake", e => e.GetProperty("status").GetInt32() == 403)).Json;
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        // The authorizer's own reason, read from its decision; never the token.
        var reason = denied.GetProperty("reason").GetString()!;
        Assert.StartsWith("authorizer: ", reason, StringComparison.Ordinal);
        Assert.NotEqual("authorizer: denied", reason);
        Assert.DoesNotContain("not-a-jwt", reason, StringComparison.Ordinal);
        var noToken = (await feed.WaitForEventAsync("handshake", e => e.GetProperty("status").GetInt32() == 401)).Json;
        Assert.Equal("no token in the query string", noToken.GetProperty("reason").GetString());
        var allowed = await feed.WaitForEventAsync("handshake", e => e.GetProperty("allowed").GetBoolean());
        Assert.Equal(101, allowed.Json.GetProperty("status").GetInt32());
        Assert.Equal(connectionId, allowed.Json.GetProperty("connectionId").GetString());
        Assert.Equal("alice", allowed.Json.GetProperty("userId").GetString());
        Assert.Equal("notifier.v1", allowed.Json.GetProperty("subprotocol").GetString());
        Assert.Equal(JsonValueKind.Null, allowed.Json.GetProperty("reason").ValueKind);
        Assert.Equal("127.0.0.1", allowed.Json.GetProperty("sourceIp").GetString());
        var connected = await feed.WaitForEventAsync("connect", e => e.GetProperty("connectionId").GetString() == connectionId);
        Assert.Equal(200, connected.Json.GetProperty("status").GetInt32());
        Assert.Equal("alice", connected.Json.GetProperty("userId").GetString());
        Assert.True(connected.EventId > allowed.EventId);
        var message = (await feed.WaitForEventAsync("message", e => e.GetProperty("connectionId").GetString() == connectionId)).Json;
        Assert.Equal("$default", message.GetProperty("route").GetString());
        Assert.Equal("whoami", message.GetProperty("action").GetString());
        Assert.Equal("""{"action":"whoami"}""", message.GetProperty("body").GetString());
        Assert.Contains(connectionId, message.GetProperty("reply").GetString()!, StringComparison.Ordinal);
        Assert.Equal(200, message.GetProperty("status").GetInt32());
        Assert.Equal("alice", message.GetProperty("userId").GetString());
        Assert.All(feed.Messages.Where(m => m.Event != "metrics"), m =>
        {
            Assert.Equal(m.Event, m.Json.GetProperty("kind").GetString());
            Assert.Equal(m.EventId, m.Json.GetProperty("id").GetInt64());
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", m.Json.GetProperty("time").GetString());
        });
    }

    [Fact]
    public async Task Events_PublishThenDelete_FeedsCountsDetailsManagementAndDisconnect()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await using var feed = await FeedReader.OpenAsync(harness.Gateway.BaseAddress);
        var client = await harness.ConnectAsync("alice");
        var connectionId = await harness.ConnectionIdAsync(client);

        var published = await PublishAsync(harness, """{"userId":"alice","message":{"hello":1}}""");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var reportId = JsonDocument.Parse(await published.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Contains("hello", await GatewayHarness.ReceiveTextAsync(client), StringComparison.Ordinal);
        var deleted = await harness.Http.DeleteAsync(new Uri($"{harness.Gateway.ManagementEndpoint}/@connections/{Uri.EscapeDataString(connectionId)}"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(1000, await GatewayHarness.ReceiveCloseAsync(client));

        var publish = (await feed.WaitForEventAsync("publish")).Json;
        Assert.Equal(reportId, publish.GetProperty("publishId").GetString());
        Assert.Equal("user", publish.GetProperty("target").GetProperty("kind").GetString());
        Assert.Equal("alice", publish.GetProperty("target").GetProperty("value").GetString());
        Assert.Equal("alice", publish.GetProperty("userId").GetString());
        Assert.Equal(1, publish.GetProperty("recipients").GetInt32());
        Assert.Equal(1, publish.GetProperty("delivered").GetInt32());
        Assert.Equal(0, publish.GetProperty("gone").GetInt32() + publish.GetProperty("throttled").GetInt32() + publish.GetProperty("failed").GetInt32());
        Assert.True(publish.GetProperty("durationMs").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Null, publish.GetProperty("shards").ValueKind);
        Assert.Equal(1, publish.GetProperty("streams").GetProperty("user:alice").GetInt64());
        Assert.Equal(200, publish.GetProperty("status").GetInt32());
        var details = await GetJsonAsync(harness, $"_local/publishes/{reportId}");
        Assert.Equal(reportId, details.GetProperty("publishId").GetString());
        Assert.Equal("""{"hello":1}""", details.GetProperty("message").GetRawText());
        Assert.Equal(200, details.GetProperty("status").GetInt32());
        Assert.Equal(reportId, details.GetProperty("report").GetProperty("id").GetString());
        var outcome = Assert.Single(details.GetProperty("outcomes").EnumerateArray());
        Assert.Equal(connectionId, outcome.GetProperty("connectionId").GetString());
        Assert.Equal("alice", outcome.GetProperty("userId").GetString());
        Assert.Equal("delivered", outcome.GetProperty("outcome").GetString());
        Assert.False(details.GetProperty("outcomesTruncated").GetBoolean());
        var management = await feed.WaitForEventAsync("management");
        Assert.Equal("DELETE", management.Json.GetProperty("method").GetString());
        Assert.Equal(connectionId, management.Json.GetProperty("connectionId").GetString());
        Assert.Equal(204, management.Json.GetProperty("status").GetInt32());
        var disconnect = await feed.WaitForEventAsync("disconnect", e => e.GetProperty("connectionId").GetString() == connectionId);
        Assert.Equal(1000, disconnect.Json.GetProperty("status").GetInt32());
        Assert.Equal("Connection deleted", disconnect.Json.GetProperty("reason").GetString());
        Assert.True(disconnect.EventId > management.EventId);
    }

    [Fact]
    public async Task PublishDetails_UnknownId_Is404WithMessage()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, "_local/publishes/nothing-here"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Events_RefusedPublish_IsFedWithItsStatus()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await using var feed = await FeedReader.OpenAsync(harness.Gateway.BaseAddress);

        var response = await PublishAsync(harness, """{"userId":"alice"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var publish = (await feed.WaitForEventAsync("publish")).Json;
        Assert.Equal(400, publish.GetProperty("status").GetInt32());
        Assert.Equal("alice", publish.GetProperty("target").GetProperty("value").GetString());
        var details = await GetJsonAsync(harness, $"_local/publishes/{publish.GetProperty("publishId").GetString()}");
        Assert.Equal(400, details.GetProperty("status").GetInt32());
        Assert.Empty(details.GetProperty("outcomes").EnumerateArray());
    }

    [Fact]
    public async Task Events_ShardedSend_FeedsEachShardAsItFinishes_AndDetailsCollectEveryConnection()
    {
        await using var harness = await GatewayHarness.StartAsync(environment: new Dictionary<string, string> { [ShardingOptions.ShardSizeVariable] = "3" });
        await using var feed = await FeedReader.OpenAsync(harness.Gateway.BaseAddress);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await harness.ConnectionIdAsync(await harness.ConnectAsync($"user{i}")));
        }

        var response = await PublishAsync(harness, """{"broadcast":true,"message":{"n":1}}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var messageId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("messageId").GetString()!;
        var publish = await feed.WaitForEventAsync("publish");
        Assert.Equal(messageId, publish.Json.GetProperty("publishId").GetString());
        Assert.Equal(202, publish.Json.GetProperty("status").GetInt32());
        Assert.Equal("broadcast", publish.Json.GetProperty("target").GetProperty("kind").GetString());
        var shards = publish.Json.GetProperty("shards").GetInt32();
        Assert.True(shards > 0);
        // Shards finish concurrently: two may both read the ledger once both are done, so wait for every connection's count.
        await feed.WaitForAsync(_ => feed.Messages.Where(m => m.Event == "shard").Sum(m => m.Json.GetProperty("recipients").GetInt32()) >= 7, "of shards covering 7 recipients");
        var shardEvents = feed.Messages.Where(m => m.Event == "shard").Select(m => m.Json).ToList();
        Assert.All(shardEvents, e => Assert.Equal(messageId, e.GetProperty("publishId").GetString()));
        Assert.All(feed.Messages.Where(m => m.Event == "shard"), m => Assert.True(m.EventId > publish.EventId));
        Assert.Equal(7, shardEvents.Sum(e => e.GetProperty("delivered").GetInt32()));
        Assert.Equal(7, shardEvents.Sum(e => e.GetProperty("recipients").GetInt32()));
        Assert.True(shardEvents.Max(e => e.GetProperty("total").GetInt32()) >= shards);
        Assert.Equal(shardEvents.Max(e => e.GetProperty("total").GetInt32()), shardEvents.Max(e => e.GetProperty("done").GetInt32()));
        var details = await GetJsonAsync(harness, $"_local/publishes/{messageId}");
        var outcomes = details.GetProperty("outcomes").EnumerateArray().ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), outcomes.Select(o => o.GetProperty("connectionId").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(outcomes, o => Assert.Equal("delivered", o.GetProperty("outcome").GetString()));
        Assert.Equal(202, details.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Events_OnOpen_SendTheBufferedEventsFirst_OldestFirst()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("bob");
        var connectionId = await harness.ConnectionIdAsync(client);

        await using var feed = await FeedReader.OpenAsync(harness.Gateway.BaseAddress);

        await feed.WaitForEventAsync("message", e => e.GetProperty("connectionId").GetString() == connectionId);
        var kinds = feed.Messages.Where(m => m.Event != "metrics").Take(3).Select(m => m.Event).ToList();
        Assert.Equal(["handshake", "connect", "message"], kinds);
        var ids = feed.Messages.Where(m => m.Id is not null).Select(m => m.EventId).ToList();
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public async Task Events_PageGoesAway_ItsSubscriptionEnds()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var feed = await FeedReader.OpenAsync(harness.Gateway.BaseAddress);
        await feed.WaitForAsync(m => m.Event == "metrics", "of kind metrics");
        Assert.Equal(1, harness.Gateway.Feed.Subscribers);

        await feed.DisposeAsync();

        for (var waited = TimeSpan.Zero; harness.Gateway.Feed.Subscribers > 0 && waited < GatewayHarness.Timeout; waited += TimeSpan.FromMilliseconds(25))
        {
            await Task.Delay(25);
        }

        Assert.Equal(0, harness.Gateway.Feed.Subscribers);
    }

    [Fact]
    public async Task Events_GatewayStops_TheStreamEndsCleanly()
    {
        var harness = await GatewayHarness.StartAsync();
        await using var feed = await FeedReader.OpenAsync(harness.Gateway.BaseAddress);
        await feed.WaitForAsync(m => m.Event == "metrics", "of kind metrics");

        await harness.DisposeAsync().AsTask().WaitAsync(GatewayHarness.Timeout);
        await feed.Ended;

        // Ended by the server's shutdown, not by the host giving up on the request when its shutdown time ran out.
        Assert.True(feed.EndedByServer);
    }

    [Fact]
    public async Task Events_CrossSiteBrowserRequest_IsRefused()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(harness.Gateway.BaseAddress, "_local/events"));
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await harness.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        foreach (var path in new[] { "_local/topics", "_local/streams", "_local/publishes/x", "_local/connections" })
        {
            using var guarded = new HttpRequestMessage(HttpMethod.Get, new Uri(harness.Gateway.BaseAddress, path));
            guarded.Headers.Add("Sec-Fetch-Site", "cross-site");
            Assert.Equal(HttpStatusCode.Forbidden, (await harness.Http.SendAsync(guarded)).StatusCode);
        }
    }
}
