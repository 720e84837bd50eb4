using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Functions.Hosting;
using Notifier.Testing.Delivery;
using Notifier.Testing.Events;
using Notifier.Testing.Logging;
using Notifier.Testing.Tokens;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>Topics across the functions: the authorizer's context, <c>$default</c>'s subscribe, publish to a topic and presence.</summary>
public sealed class TopicFunctionTests
{
    private const string ConnectionId = "Jx2fCd1voAMCLtg=";
    private readonly FunctionFixture _fixture = new();

    private async Task ConnectAsync(string connectionId = ConnectionId, string userId = "user-123")
    {
        var now = DateTimeOffset.UtcNow;
        await _fixture.Store.AddAsync(new ConnectionRecord(connectionId, userId, "https://abc.execute-api.us-east-1.amazonaws.com/prod", now, ConnectionLifetime.ExpiresAt(now)));
    }

    private async Task<JsonElement> ReplyToAsync(JsonObject messageEvent)
    {
        var response = await _fixture.InvokeForJsonAsync("default", SampleEvents.Bytes(messageEvent));
        return JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement.Clone();
    }

    private static JsonObject Subscribe(string topic)
    {
        var subscribe = SampleEvents.Load("default-subscribe");
        subscribe["body"] = JsonSerializer.Serialize(new Dictionary<string, string> { ["action"] = "subscribe", ["topic"] = topic });
        return subscribe;
    }

    [Fact]
    public async Task Authorizer_TokenWithTopics_PutsThemInTheContextAsAJsonArrayString()
    {
        var token = TestTokens.Create("user-42", issuer: FunctionFixture.Issuer, audience: FunctionFixture.Audience, claims: new Dictionary<string, object> { ["topics"] = new[] { "orders/*", "room:1" } });

        var response = await _fixture.InvokeForJsonAsync("authorizer", SampleEvents.Bytes(SampleEvents.Authorizer(token)));

        Assert.Equal("""["orders/*","room:1"]""", response.GetProperty("context").GetProperty("topics").GetString());
    }

    [Fact]
    public async Task Authorizer_TokenWithoutTopics_HasNoTopicsContext()
    {
        var response = await _fixture.InvokeForJsonAsync("authorizer", SampleEvents.Bytes(SampleEvents.Authorizer(FunctionFixture.ValidToken())));

        Assert.False(response.GetProperty("context").TryGetProperty("topics", out _));
    }

    [Fact]
    public async Task Default_SampleSubscribe_AllowedByTheContextsTopics_IsStored()
    {
        await ConnectAsync();

        var reply = await ReplyToAsync(SampleEvents.Load("default-subscribe"));

        Assert.Equal("subscribed", reply.GetProperty("type").GetString());
        Assert.Equal(["orders/42"], await ((InMemoryConnectionStore)_fixture.Store).ListTopicsAsync(ConnectionId));
    }

    [Theory]
    [InlineData("room:lobby", "subscribed")]
    [InlineData("user:user-123", "subscribed")]
    [InlineData("user:user-999", "error")]
    [InlineData("admin/x", "error")]
    public async Task Default_Subscribe_FollowsTheContextsTopics(string topic, string expected)
    {
        await ConnectAsync();

        var reply = await ReplyToAsync(Subscribe(topic));

        Assert.Equal(expected, reply.GetProperty("type").GetString());
        Assert.Equal(topic, reply.GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Default_ContextWithoutTopics_AllowsOnlyTheUsersTopic()
    {
        await ConnectAsync();
        var subscribe = Subscribe("orders/42");
        subscribe["requestContext"]!["authorizer"]!.AsObject().Remove("topics");

        var reply = await ReplyToAsync(subscribe);

        Assert.Contains("not allowed", reply.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_TopicOverHttp_ReachesSubscribersExceptTheExcluded_AndPresenceAnswers()
    {
        var channel = new ScriptedChannel();
        var store = (InMemoryConnectionStore)_fixture.Store;
        var catalog = new FunctionCatalog(new SettingsReader(_ => null), new CapturingLoggerProvider().CreateFactory(), TimeProvider.System, () => store, () => channel);
        foreach (var (id, user) in new[] { ("a", "user-123"), ("b", "user-123"), ("c", "user-999") })
        {
            await ConnectAsync(id, user);
            await store.SubscribeAsync((await store.GetAsync(id))!, "orders/42");
        }

        var publish = SampleEvents.Load("publish-http");
        publish["body"] = """{"topic":"orders/42","excludeConnectionId":"a","message":{"n":1}}""";
        var sent = await InvokeHttpAsync(catalog, publish);
        var presence = await InvokeHttpAsync(catalog, SampleEvents.Load("publish-presence"));
        var members = SampleEvents.Load("publish-presence");
        members["routeKey"] = "GET /topics/{topic+}";
        members["rawPath"] = "/topics/orders/42/members";
        var counted = await InvokeHttpAsync(catalog, members);

        Assert.Equal(["b", "c"], sent.GetProperty("delivered").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(0, channel.Attempts("a"));
        Assert.Equal("""{"userId":"user-123","online":true,"connections":2}""", presence.GetRawText());
        Assert.Equal("""{"topic":"orders/42","members":3}""", counted.GetRawText());
    }

    private static async Task<JsonElement> InvokeHttpAsync(FunctionCatalog catalog, JsonObject httpEvent)
    {
        var result = await catalog.Create("publish").InvokeAsync(SampleEvents.Bytes(httpEvent)).WaitAsync(TimeSpan.FromSeconds(10));
        var response = JsonDocument.Parse(result.Response!).RootElement;
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        return JsonDocument.Parse(Encoding.UTF8.GetBytes(response.GetProperty("body").GetString()!)).RootElement.Clone();
    }
}
