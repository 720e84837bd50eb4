using System.Text;
using System.Text.Json;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Core.Messages;
using Notifier.Core.Topics;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;

namespace Notifier.Core.Tests.Messages;

/// <summary>The <c>resume</c> action as the responder reads it: its <c>streams</c> checked before anything is read or sent.</summary>
public sealed class ResumeMessageTests
{
    private const string ConnectionId = "Jx2fCd1voAMCLtg=";
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();
    private readonly InMemoryMessageHistory _history = new();

    private ClientMessageResponder Responder(bool withHistory = true) => new(
        new TopicSubscriptions(_store, _store),
        withHistory ? new StreamResumer(_store, _channel, _history) : null);

    private static ClientCaller Caller() => new(ConnectionId, "alice", TopicGrants.FromClaim(["orders/*"]));

    private async Task ConnectAsync()
    {
        await _store.AddAsync(TestRecords.JustConnected(ConnectionId, "alice", "http://127.0.0.1/local") with { Protocol = NotificationEnvelope.Protocol });
        await _history.AppendAsync("user:alice", "m1", Encoding.UTF8.GetBytes("""{"n":1}"""));
    }

    [Fact]
    public async Task Resume_WellFormed_SendsTheMessages_ThenAnswersResumed()
    {
        await ConnectAsync();

        var reply = await Responder().RespondAsync("""{"action":"resume","streams":{"user:alice":0}}""", Caller());

        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":1,"complete":true}}}""", reply);
        var notification = JsonDocument.Parse(Assert.Single(_channel.Received(ConnectionId))).RootElement;
        Assert.Equal("""{"type":"notification","id":"m1","stream":"user:alice","seq":1,"message":{"n":1}}""", notification.GetRawText());
    }

    [Fact]
    public async Task Resume_EmptyStreams_AnswersAnEmptyResumed()
    {
        await ConnectAsync();

        var reply = await Responder().RespondAsync("""{"action":"resume","streams":{}}""", Caller());

        Assert.Equal("""{"type":"resumed","streams":{}}""", reply);
        Assert.Empty(_channel.Posts);
    }

    [Theory]
    [InlineData("""{"action":"resume"}""", "resume needs \"streams\"")]
    [InlineData("""{"action":"resume","streams":["user:alice"]}""", "\"streams\" must be an object")]
    [InlineData("""{"action":"resume","streams":"user:alice"}""", "\"streams\" must be an object")]
    [InlineData("""{"action":"resume","streams":{"user:alice":-1}}""", "seq of stream \"user:alice\" must be a non-negative integer")]
    [InlineData("""{"action":"resume","streams":{"user:alice":1.5}}""", "must be a non-negative integer")]
    [InlineData("""{"action":"resume","streams":{"user:alice":41.0}}""", "must be a non-negative integer")]
    [InlineData("""{"action":"resume","streams":{"user:alice":"41"}}""", "must be a non-negative integer")]
    [InlineData("""{"action":"resume","streams":{"user:alice":null}}""", "must be a non-negative integer")]
    [InlineData("""{"action":"resume","streams":{"user:alice":99999999999999999999}}""", "must be a non-negative integer")]
    [InlineData("""{"action":"resume","streams":{"user:alice":1,"user:alice":2}}""", "is named twice")]
    public async Task Resume_MalformedStreams_IsRefusedWhole_AndNothingSent(string body, string reason)
    {
        await ConnectAsync();

        var reply = JsonDocument.Parse(await Responder().RespondAsync(body, Caller())).RootElement;

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal("resume", reply.GetProperty("action").GetString());
        Assert.Contains(reason, reply.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_channel.Posts);
    }

    [Theory]
    [InlineData(50, "resumed")]
    [InlineData(51, "error")]
    public async Task Resume_StreamCount_IsBoundedAt50(int count, string expected)
    {
        await ConnectAsync();
        var streams = string.Join(',', Enumerable.Range(0, count).Select(n => $"\"orders/{n}\":0"));

        var reply = JsonDocument.Parse(await Responder().RespondAsync("{\"action\":\"resume\",\"streams\":{" + streams + "}}", Caller())).RootElement;

        Assert.Equal(expected, reply.GetProperty("type").GetString());
        if (expected == "error")
        {
            Assert.Contains("more than 50 streams", reply.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(50, reply.GetProperty("streams").EnumerateObject().Count());
        }
    }

    [Fact]
    public async Task Resume_LongStreamNameInAnError_IsShortened()
    {
        await ConnectAsync();
        var name = new string('x', 5000);

        var reply = await Responder().RespondAsync("{\"action\":\"resume\",\"streams\":{\"" + name + "\":-1}}", Caller());

        Assert.True(reply.Length < 300, reply);
    }

    [Fact]
    public async Task Resume_WithoutHistory_AnswersHistoryIsNotEnabled()
    {
        await ConnectAsync();

        var reply = await Responder(withHistory: false).RespondAsync("""{"action":"resume","streams":{"user:alice":0}}""", Caller());

        Assert.Equal("""{"type":"error","action":"resume","message":"history is not enabled"}""", reply);
        Assert.Empty(_channel.Posts);
    }
}
