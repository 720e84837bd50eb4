using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Notifier.Local.Tests.Gateway;

/// <summary>Topics end to end over real sockets: subscribe, publish to a topic, unsubscribe, disconnect, presence.</summary>
public sealed class TopicTests
{
    private static async Task<JsonElement> PublishAsync(GatewayHarness harness, string body)
    {
        var response = await harness.Http.PostAsync(
            new Uri(harness.Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(GatewayHarness harness, string path)
    {
        var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, path));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Subscribe_PrefixClaim_AllowsMatchingTopics_DeniesOthersWithTheReason()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectWithTopicsAsync("alice", "orders/*");

        var allowed = await GatewayHarness.TopicActionAsync(client, "subscribe", "orders/42");
        var own = await GatewayHarness.TopicActionAsync(client, "subscribe", "user:alice");
        var denied = await GatewayHarness.TopicActionAsync(client, "subscribe", "admin/x");

        Assert.Equal("""{"type":"subscribed","topic":"orders/42"}""", allowed.GetRawText());
        Assert.Equal("subscribed", own.GetProperty("type").GetString());
        Assert.Equal(
            """{"type":"error","action":"subscribe","topic":"admin/x","message":"topic \"admin/x\" is not allowed by the token's topics claim"}""",
            denied.GetRawText());
        Assert.Equal(0, (await GetAsync(harness, "topics/admin/x/members")).GetProperty("members").GetInt32());
        Assert.Equal(1, (await GetAsync(harness, "topics/orders/42/members")).GetProperty("members").GetInt32());
    }

    [Fact]
    public async Task PublishToTopic_ReachesSubscribersOnly_AndHonoursExcludeConnection()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var sender = await harness.ConnectWithTopicsAsync("alice", "room:*");
        var listener = await harness.ConnectWithTopicsAsync("bob", "room:*");
        var outsider = await harness.ConnectWithTopicsAsync("alice", "room:*");
        await GatewayHarness.TopicActionAsync(sender, "subscribe", "room:1");
        await GatewayHarness.TopicActionAsync(listener, "subscribe", "room:1");
        await GatewayHarness.TopicActionAsync(outsider, "subscribe", "room:2");
        var senderId = await harness.ConnectionIdAsync(sender);

        var everyone = await PublishAsync(harness, """{"topic":"room:1","message":{ "n" : 1 }}""");
        Assert.Equal("""{"n":1}""", await GatewayHarness.ReceiveTextAsync(sender));
        Assert.Equal("""{"n":1}""", await GatewayHarness.ReceiveTextAsync(listener));
        var others = await PublishAsync(harness, $$$"""{"topic":"room:1","excludeConnectionId":"{{{senderId}}}","message":{"n":2}}""");

        Assert.Equal(2, everyone.GetProperty("delivered").GetArrayLength());
        Assert.Equal(1, others.GetProperty("delivered").GetArrayLength());
        Assert.Equal("""{"n":2}""", await GatewayHarness.ReceiveTextAsync(listener));
        await GatewayHarness.AssertNothingPendingAsync(sender);
        await GatewayHarness.AssertNothingPendingAsync(outsider);
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery_AndIsIdempotent()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectWithTopicsAsync("alice", "doc:7");
        await GatewayHarness.TopicActionAsync(client, "subscribe", "doc:7");

        var first = await GatewayHarness.TopicActionAsync(client, "unsubscribe", "doc:7");
        var again = await GatewayHarness.TopicActionAsync(client, "unsubscribe", "doc:7");
        var report = await PublishAsync(harness, """{"topic":"doc:7","message":"x"}""");

        Assert.Equal("""{"type":"unsubscribed","topic":"doc:7"}""", first.GetRawText());
        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Equal(0, report.GetProperty("delivered").GetArrayLength());
        await GatewayHarness.AssertNothingPendingAsync(client);
    }

    [Fact]
    public async Task Disconnect_RemovesTheConnectionsSubscriptions()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectWithTopicsAsync("alice", "room:1");
        await GatewayHarness.TopicActionAsync(client, "subscribe", "room:1");
        var id = await harness.ConnectionIdAsync(client);

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(GatewayHarness.Timeout);

        Assert.True(await harness.RecordGoneWithinASecondAsync(id));
        Assert.Equal(0, (await GetAsync(harness, "topics/room:1/members")).GetProperty("members").GetInt32());
        Assert.Empty(await ((Core.Topics.ITopicStore)harness.Store).ListTopicsAsync(id));
    }

    [Fact]
    public async Task Presence_CountsAUsersConnections_AsTheyComeAndGo()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var phone = await harness.ConnectAsync("alice");
        var laptop = await harness.ConnectAsync("alice");
        var phoneId = await harness.ConnectionIdAsync(phone);
        await harness.ConnectionIdAsync(laptop);

        var both = await GetAsync(harness, "users/alice/presence");
        var nobody = await GetAsync(harness, "users/bob/presence");
        phone.Abort();
        Assert.True(await harness.RecordGoneWithinASecondAsync(phoneId));
        var one = await GetAsync(harness, "users/alice/presence");

        Assert.Equal("""{"userId":"alice","online":true,"connections":2}""", both.GetRawText());
        Assert.Equal("""{"userId":"bob","online":false,"connections":0}""", nobody.GetRawText());
        Assert.Equal(1, one.GetProperty("connections").GetInt32());
    }

    [Theory]
    [InlineData("topics/orders%2A/members", 400)]
    [InlineData("users//presence", 400)]
    [InlineData("topics/x", 404)]
    public async Task Queries_BadPaths_AreExplained(string path, int status)
    {
        await using var harness = await GatewayHarness.StartAsync();

        var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains("\"message\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
