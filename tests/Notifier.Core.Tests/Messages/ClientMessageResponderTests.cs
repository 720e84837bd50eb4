using System.Text.Json;
using Notifier.Core.Connections;
using Notifier.Core.Messages;
using Notifier.Core.Topics;
using Notifier.Testing.Connections;

namespace Notifier.Core.Tests.Messages;

public sealed class ClientMessageResponderTests
{
    private const string ConnectionId = "Jx2fCd1voAMCLtg=";
    private readonly InMemoryConnectionStore _store = new();

    private ClientMessageResponder Responder(int maxTopics = TopicSubscriptions.DefaultMaxTopicsPerConnection, IConnectionStore? store = null)
    {
        var chosen = store ?? _store;
        return new(new TopicSubscriptions(chosen, (ITopicStore)chosen, maxTopics));
    }

    private static ClientCaller Caller(params string[] grants) => new(ConnectionId, "alice", TopicGrants.FromClaim(grants));

    private async Task ConnectAsync()
    {
        var now = DateTimeOffset.UtcNow;
        await _store.AddAsync(new ConnectionRecord(ConnectionId, "alice", "http://127.0.0.1/local", now, ConnectionLifetime.ExpiresAt(now)));
    }

    private static JsonElement Parse(string frame) => JsonDocument.Parse(frame).RootElement.Clone();

    [Fact]
    public async Task Subscribe_AllowedByPrefix_IsConfirmed_AndStored()
    {
        await ConnectAsync();

        var reply = await Responder().RespondAsync("""{"action":"subscribe","topic":"orders/42"}""", Caller("orders/*"));

        Assert.Equal("""{"type":"subscribed","topic":"orders/42"}""", reply);
        Assert.Equal(["orders/42"], await _store.ListTopicsAsync(ConnectionId));
    }

    [Fact]
    public async Task Subscribe_OwnUserTopic_NeedsNoClaim()
    {
        await ConnectAsync();

        var reply = await Responder().RespondAsync("""{"action":"subscribe","topic":"user:alice"}""", Caller());

        Assert.Equal("""{"type":"subscribed","topic":"user:alice"}""", reply);
    }

    [Fact]
    public async Task Subscribe_NotGranted_IsRefusedWithActionTopicAndReason_AndChangesNothing()
    {
        await ConnectAsync();

        var reply = await Responder().RespondAsync("""{"action":"subscribe","topic":"admin/x"}""", Caller("orders/*"));

        Assert.Equal("""{"type":"error","action":"subscribe","topic":"admin/x","message":"topic \"admin/x\" is not allowed by the token's topics claim"}""", reply);
        Assert.Empty(await _store.ListTopicsAsync(ConnectionId));
    }

    [Fact]
    public async Task Subscribe_AtTheLimit_IsRefused_ButAKnownTopicIsStillConfirmed()
    {
        await ConnectAsync();
        var responder = Responder(maxTopics: 2);
        await responder.RespondAsync("""{"action":"subscribe","topic":"a"}""", Caller("*"));
        await responder.RespondAsync("""{"action":"subscribe","topic":"b"}""", Caller("*"));

        var third = Parse(await responder.RespondAsync("""{"action":"subscribe","topic":"c"}""", Caller("*")));
        var again = Parse(await responder.RespondAsync("""{"action":"subscribe","topic":"a"}""", Caller("*")));

        Assert.Equal("error", third.GetProperty("type").GetString());
        Assert.Contains("most allowed is 2", third.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("subscribed", again.GetProperty("type").GetString());
        Assert.Equal(["a", "b"], (await _store.ListTopicsAsync(ConnectionId)).Order());
    }

    [Fact]
    public async Task Subscribe_ConnectionNotRecorded_AsksToReconnect()
    {
        var reply = Parse(await Responder().RespondAsync("""{"action":"subscribe","topic":"user:alice"}""", Caller()));

        Assert.Equal("subscribe", reply.GetProperty("action").GetString());
        Assert.Contains("reconnect", reply.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _store.CountSubscribersAsync("user:alice"));
    }

    [Fact]
    public async Task Subscribe_StoreDown_IsAnErrorFrame_NotAnException()
    {
        var reply = Parse(await Responder(store: new UnavailableConnectionStore()).RespondAsync("""{"action":"subscribe","topic":"user:alice"}""", Caller()));

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal("user:alice", reply.GetProperty("topic").GetString());
        Assert.Contains("try again", reply.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribe_IsConfirmed_AlsoWhenNotSubscribed()
    {
        await ConnectAsync();
        var responder = Responder();
        await responder.RespondAsync("""{"action":"subscribe","topic":"room:1"}""", Caller("room:*"));

        var first = await responder.RespondAsync("""{"action":"unsubscribe","topic":"room:1"}""", Caller());
        var second = await responder.RespondAsync("""{"action":"unsubscribe","topic":"room:1"}""", Caller());

        Assert.Equal("""{"type":"unsubscribed","topic":"room:1"}""", first);
        Assert.Equal(first, second);
        Assert.Empty(await _store.ListTopicsAsync(ConnectionId));
    }

    [Theory]
    [InlineData("""{"action":"subscribe"}""", "subscribe", null, "needs a \"topic\"")]
    [InlineData("""{"action":"unsubscribe","topic":42}""", "unsubscribe", null, "must be a string")]
    [InlineData("""{"action":"subscribe","topic":""}""", "subscribe", "", "empty")]
    [InlineData("""{"action":"subscribe","topic":"orders/*"}""", "subscribe", "orders/*", "only letters")]
    [InlineData("""{"action":"unsubscribe","topic":"a b"}""", "unsubscribe", "a b", "only letters")]
    public async Task TopicAction_BadTopic_ErrorNamesActionAndTopic(string body, string action, string? topic, string reason)
    {
        await ConnectAsync();

        var reply = Parse(await Responder().RespondAsync(body, Caller("*")));

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal(action, reply.GetProperty("action").GetString());
        Assert.Equal(topic, reply.TryGetProperty("topic", out var echoed) ? echoed.GetString() : null);
        Assert.Contains(reason, reply.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _store.ListTopicsAsync(ConnectionId));
    }

    [Theory]
    [InlineData("""{"action":"ping"}""", """{"type":"pong"}""")]
    [InlineData("""{"action":"whoami"}""", """{"type":"whoami","connectionId":"Jx2fCd1voAMCLtg=","userId":"alice"}""")]
    [InlineData("""{"action":"launch"}""", """{"type":"error","message":"unknown action \"launch\"; known actions: ping, whoami, subscribe, unsubscribe, resume"}""")]
    public async Task OtherActions_AreAnsweredAsBefore(string body, string expected)
    {
        Assert.Equal(expected, await Responder().RespondAsync(body, Caller()));
    }
}
