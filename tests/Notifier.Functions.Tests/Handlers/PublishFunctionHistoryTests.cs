using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Aws.Events;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Functions.Handlers;
using Notifier.Testing.Delivery;
using Notifier.Testing.Events;

namespace Notifier.Functions.Tests.Handlers;

/// <summary><c>GET /users/{userId}/messages</c> and <c>GET /topics/{topic}/messages</c> on the publish function.</summary>
public sealed class PublishFunctionHistoryTests
{
    private readonly InMemoryMessageHistory _history = new();

    private PublishFunction Function(IMessageHistory? history) =>
        new(new NotificationSender(new InMemoryConnectionStore(), new ScriptedChannel()), NullLogger<PublishFunction>.Instance, history: history);

    private async Task AppendAsync(string stream, int count)
    {
        for (var n = 1; n <= count; n++)
        {
            await _history.AppendAsync(stream, $"m{n}", Encoding.UTF8.GetBytes($$"""{"n":{{n}}}"""));
        }
    }

    private static HttpApiRequest Get(string rawPath, string rawQueryString = "") =>
        new() { RouteKey = "GET /users/{userId}/messages", RawPath = rawPath, RawQueryString = rawQueryString };

    private async Task<(int Status, JsonElement Body)> AnswerAsync(HttpApiRequest request, IMessageHistory? history = null)
    {
        var response = await Function(history ?? _history).HandleHttpAsync(request);
        return (response.StatusCode, JsonDocument.Parse(response.Body!).RootElement.Clone());
    }

    [Fact]
    public async Task Invoke_SampleEvent_AnswersTheTopicsMessagesAfterTheGivenSeq()
    {
        await AppendAsync("orders/42", 20);

        var result = await Function(_history).InvokeAsync(SampleEvents.Bytes(SampleEvents.Load("publish-history")));

        var response = JsonDocument.Parse(result.Response!).RootElement;
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal(
            """{"stream":"orders/42","last":20,"complete":true,"messages":[{"seq":18,"id":"m18","message":{"n":18}},{"seq":19,"id":"m19","message":{"n":19}},{"seq":20,"id":"m20","message":{"n":20}}]}""",
            response.GetProperty("body").GetString());
    }

    [Fact]
    public async Task UserMessages_NoParameters_StartAtTheOldest_100AtATime()
    {
        await AppendAsync("user:alice", 150);
        await AppendAsync("user:bob", 1);

        var (status, body) = await AnswerAsync(Get("/users/alice/messages"));

        Assert.Equal(200, status);
        Assert.Equal("user:alice", body.GetProperty("stream").GetString());
        Assert.Equal(150, body.GetProperty("last").GetInt64());
        Assert.Equal(Enumerable.Range(1, 100).Select(n => (long)n), body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task UserMessages_EscapedUserId_IsDecoded()
    {
        await _history.AppendAsync("user:a/b", "m1", Encoding.UTF8.GetBytes("1"));

        var (status, body) = await AnswerAsync(Get("/users/a%2Fb/messages", "after=0&limit=1"));

        Assert.Equal(200, status);
        Assert.Equal("user:a/b", body.GetProperty("stream").GetString());
        Assert.Single(body.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task TopicMessages_AfterAndLimit_PickThePage()
    {
        await AppendAsync("orders/42", 10);

        var (status, body) = await AnswerAsync(Get("/topics/orders/42/messages", "after=3&limit=2&unknown=x"));

        Assert.Equal(200, status);
        Assert.Equal([4L, 5L], body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task UnknownStream_AnswersAnEmptyCompletePage()
    {
        var (status, body) = await AnswerAsync(Get("/topics/quiet/messages"));

        Assert.Equal(200, status);
        Assert.Equal("""{"stream":"quiet","last":0,"complete":true,"messages":[]}""", body.GetRawText());
    }

    [Theory]
    [InlineData("/users/alice/messages", "after=-1", "\"after\" must be a whole number from 0")]
    [InlineData("/users/alice/messages", "after=abc", "\"after\" must be a whole number from 0")]
    [InlineData("/users/alice/messages", "after=", "\"after\" must be a whole number from 0")]
    [InlineData("/users/alice/messages", "after=1.5", "\"after\" must be a whole number from 0")]
    [InlineData("/users/alice/messages", "after=%2B1", "\"after\" must be a whole number from 0")]
    [InlineData("/users/alice/messages", "after=99999999999999999999", "\"after\" must be a whole number from 0")]
    [InlineData("/users/alice/messages", "after=1&after=2", "\"after\" is given 2 times")]
    [InlineData("/users/alice/messages", "limit=0", "\"limit\" must be a whole number from 1 to 1000")]
    [InlineData("/users/alice/messages", "limit=1001", "\"limit\" must be a whole number from 1 to 1000")]
    [InlineData("/topics/orders/42/messages", "limit=x", "\"limit\" must be a whole number from 1 to 1000")]
    [InlineData("/users//messages", "", "name a user")]
    [InlineData("/topics/bad%20topic/messages", "", "topic may contain only")]
    public async Task BadParameters_Answer400WithTheReason(string rawPath, string rawQueryString, string reason)
    {
        var (status, body) = await AnswerAsync(Get(rawPath, rawQueryString));

        Assert.Equal(400, status);
        Assert.Contains(reason, body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/users/alice/messages")]
    [InlineData("/topics/orders/42/messages")]
    public async Task WithoutHistory_Answers404HistoryIsNotEnabled(string rawPath)
    {
        var response = await Function(null).HandleHttpAsync(Get(rawPath));

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("""{"message":"history is not enabled"}""", response.Body);
    }

    [Fact]
    public async Task HistoryFails_Answers503()
    {
        var (status, body) = await AnswerAsync(Get("/users/alice/messages"), new FailingHistory());

        Assert.Equal(503, status);
        Assert.Contains("history is unavailable", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_StaysA404()
    {
        var (status, _) = await AnswerAsync(Get("/users/alice/messagez"));

        Assert.Equal(404, status);
    }

    [Fact]
    public void Write_LargeMessages_StopBeforeTheByteBound_ButGiveAtLeastOne()
    {
        var big = new StoredMessage(1, "m1", Encoding.UTF8.GetBytes("\"" + new string('x', 98) + "\""));
        var page = new HistoryPage([big, big with { Seq = 2, Id = "m2" }, big with { Seq = 3, Id = "m3" }], 3, true);

        var two = JsonDocument.Parse(HistoryRoute.Write("s", page, maxMessageBytes: 250)).RootElement;
        var one = JsonDocument.Parse(HistoryRoute.Write("s", page, maxMessageBytes: 10)).RootElement;

        Assert.Equal(2, two.GetProperty("messages").GetArrayLength());
        Assert.Equal(1, one.GetProperty("messages").GetArrayLength());
    }

    /// <summary>A history that is down.</summary>
    private sealed class FailingHistory : IMessageHistory
    {
        public Task<long> AppendAsync(string stream, string messageId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("history is down");

        public Task<HistoryPage> ReadAsync(string stream, long after, int limit, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("history is down");
    }
}
