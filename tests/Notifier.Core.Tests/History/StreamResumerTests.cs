using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Core.Messages;
using Notifier.Core.Topics;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;

namespace Notifier.Core.Tests.History;

public sealed class StreamResumerTests
{
    private const string ConnectionId = "Jx2fCd1voAMCLtg=";
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryMessageHistory _history;

    public StreamResumerTests()
    {
        _history = new InMemoryMessageHistory(new HistoryOptions { Retention = TimeSpan.FromHours(1) }, _clock);
    }

    private static ClientCaller Caller(params string[] grants) => new(ConnectionId, "alice", TopicGrants.FromClaim(grants));

    private Task ConnectAsync(string? protocol = NotificationEnvelope.Protocol) =>
        _store.AddAsync(TestRecords.JustConnected(ConnectionId, "alice", "http://127.0.0.1/local") with { Protocol = protocol });

    private async Task AppendAsync(string stream, int count)
    {
        for (var n = 0; n < count; n++)
        {
            await _history.AppendAsync(stream, Guid.NewGuid().ToString("N"), Encoding.UTF8.GetBytes($$"""{"stream":"{{stream}}","n":{{n + 1}}}"""));
        }
    }

    private StreamResumer Resumer(int maxMessages = StreamResumer.DefaultMaxMessages, IMessageHistory? history = null, IConnectionStore? store = null) =>
        new(store ?? _store, _channel, history ?? _history, maxMessages);

    private static StreamPosition[] Positions(params (string Stream, long After)[] positions) =>
        [.. positions.Select(p => new StreamPosition(p.Stream, p.After))];

    /// <summary>The frames the caller received, parsed, in order.</summary>
    private List<JsonElement> Received() =>
        [.. _channel.Received(ConnectionId).Select(frame => JsonDocument.Parse(frame).RootElement.Clone())];

    private List<(string Stream, long Seq)> Notifications() =>
        [.. Received().Where(f => f.GetProperty("type").GetString() == "notification").Select(f => (f.GetProperty("stream").GetString()!, f.GetProperty("seq").GetInt64()))];

    [Fact]
    public async Task ResumeAsync_OwnUserStream_SendsOnlyTheMessagesAfterTheGivenSeq_InOrder_ThenAnswersResumed()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 5);

        var reply = await Resumer().ResumeAsync(Caller(), Positions(("user:alice", 2)));

        Assert.Equal([("user:alice", 3L), ("user:alice", 4L), ("user:alice", 5L)], Notifications());
        var first = Received()[0];
        Assert.Equal("""{"stream":"user:alice","n":3}""", first.GetProperty("message").GetRawText());
        Assert.Equal(32, first.GetProperty("id").GetString()!.Length);
        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":5,"complete":true}}}""", reply);
    }

    [Fact]
    public async Task ResumeAsync_ManyStreams_SendsEachStreamInOrder_AndReportsEach()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 2);
        await AppendAsync("orders/42", 3);

        var reply = await Resumer().ResumeAsync(Caller("orders/*"), Positions(("orders/42", 1), ("user:alice", 2)));

        Assert.Equal([("orders/42", 2L), ("orders/42", 3L)], Notifications());
        Assert.Equal("""{"type":"resumed","streams":{"orders/42":{"last":3,"complete":true},"user:alice":{"last":2,"complete":true}}}""", reply);
    }

    [Fact]
    public async Task ResumeAsync_LongStream_IsReadInPages_AndSentWhole()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 250);
        var counting = new RecordingHistory(_history);

        var reply = await Resumer(history: counting).ResumeAsync(Caller(), Positions(("user:alice", 0)));

        Assert.Equal(Enumerable.Range(1, 250).Select(n => ("user:alice", (long)n)), Notifications());
        Assert.All(counting.Limits, limit => Assert.True(limit <= StreamResumer.PageSize, $"read {limit} at once"));
        Assert.Equal(3, counting.Limits.Count);
        Assert.Contains("\"last\":250,\"complete\":true", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeAsync_MessageStoredAfterTheFirstRead_IsNotSent()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 150);
        var growing = new RecordingHistory(_history) { AfterFirstRead = history => history.AppendAsync("user:alice", "late", Encoding.UTF8.GetBytes("{}")) };

        var reply = await Resumer(history: growing).ResumeAsync(Caller(), Positions(("user:alice", 0)));

        Assert.Equal(150, Notifications().Count);
        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":150,"complete":true}}}""", reply);
    }

    [Fact]
    public async Task ResumeAsync_MessagesAfterTheSeqExpired_SendsWhatIsLeft_AndIsNotComplete()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 3);
        _clock.Advance(TimeSpan.FromMinutes(90));
        await _history.AppendAsync("user:alice", "m4", Encoding.UTF8.GetBytes("4"));
        await _history.AppendAsync("user:alice", "m5", Encoding.UTF8.GetBytes("5"));

        var reply = await Resumer().ResumeAsync(Caller(), Positions(("user:alice", 1)));

        Assert.Equal([("user:alice", 4L), ("user:alice", 5L)], Notifications());
        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":5,"complete":false}}}""", reply);
    }

    [Fact]
    public async Task ResumeAsync_OnlyMessagesBeforeTheSeqExpired_IsComplete()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 3);
        _clock.Advance(TimeSpan.FromMinutes(90));
        await _history.AppendAsync("user:alice", "m4", Encoding.UTF8.GetBytes("4"));

        var reply = await Resumer().ResumeAsync(Caller(), Positions(("user:alice", 3)));

        Assert.Equal([("user:alice", 4L)], Notifications());
        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":4,"complete":true}}}""", reply);
    }

    [Fact]
    public async Task ResumeAsync_UpToDateOrUnknownStream_SendsNothing_AndIsComplete()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 2);

        var reply = await Resumer().ResumeAsync(Caller("orders/*"), Positions(("user:alice", 2), ("orders/1", 0)));

        Assert.Empty(_channel.Posts);
        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":2,"complete":true},"orders/1":{"last":0,"complete":true}}}""", reply);
    }

    [Fact]
    public async Task ResumeAsync_SeqBeyondTheStreamsLast_SendsNothing_AndAnswersTheStreamsRealLast()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 3);

        // How a client learns where a stream it has not received from stands: the answer is the real last, not the number given.
        var reply = await Resumer().ResumeAsync(Caller("orders/*"), Positions(("user:alice", 9_007_199_254_740_991), ("orders/1", long.MaxValue)));

        Assert.Empty(_channel.Posts);
        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":3,"complete":true},"orders/1":{"last":0,"complete":true}}}""", reply);
    }

    public static TheoryData<string, string[]> ForbiddenStreams() => new()
    {
        { "admin/x", ["orders/*"] },
        { "user:bob", ["orders/*"] },
        { "user:bob", ["*"] },
        { "user:bob", ["user:*"] },
        { "user:bob", ["user:bob"] },
        { "bad topic", ["*"] },
        { "", ["*"] },
    };

    [Theory]
    [MemberData(nameof(ForbiddenStreams))]
    public async Task ResumeAsync_ForbiddenStream_GetsAnErrorNamingIt_NothingFromIt_AndIsLeftOutOfResumed(string stream, string[] grants)
    {
        await ConnectAsync();
        if (stream.Length > 0)
        {
            await AppendAsync(stream, 3);
        }

        await AppendAsync("user:alice", 1);

        var reply = await Resumer().ResumeAsync(Caller(grants), Positions((stream, 0), ("user:alice", 0)));

        var frames = Received();
        Assert.Equal(2, frames.Count);
        Assert.Equal("error", frames[0].GetProperty("type").GetString());
        Assert.Equal("resume", frames[0].GetProperty("action").GetString());
        Assert.Equal(stream, frames[0].GetProperty("stream").GetString());
        Assert.Equal([("user:alice", 1L)], Notifications());
        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":1,"complete":true}}}""", reply);
    }

    [Fact]
    public async Task ResumeAsync_GrantedTopic_IsSent()
    {
        await ConnectAsync();
        await AppendAsync("orders/42", 1);

        var reply = await Resumer().ResumeAsync(Caller("orders/*"), Positions(("orders/42", 0)));

        Assert.Equal([("orders/42", 1L)], Notifications());
        Assert.Equal("""{"type":"resumed","streams":{"orders/42":{"last":1,"complete":true}}}""", reply);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("chat")]
    [InlineData("notifier.v2")]
    public async Task ResumeAsync_ConnectionWithoutTheV1Subprotocol_IsRefused_AndNothingSent(string? protocol)
    {
        await ConnectAsync(protocol);
        await AppendAsync("user:alice", 3);

        var reply = await Resumer().ResumeAsync(Caller(), Positions(("user:alice", 0)));

        Assert.Equal("""{"type":"error","action":"resume","message":"resume needs the notifier.v1 subprotocol"}""", reply);
        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task ResumeAsync_UnrecordedConnection_IsRefused_AndNothingSent()
    {
        await AppendAsync("user:alice", 3);

        var reply = await Resumer().ResumeAsync(Caller(), Positions(("user:alice", 0)));

        Assert.Contains("not recorded", reply, StringComparison.Ordinal);
        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task ResumeAsync_BoundReached_CutsTheStreamShort_AtTheLastSeqSent_AndLaterStreamsSendNothing()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 4);
        await AppendAsync("orders/1", 4);
        await AppendAsync("orders/2", 4);

        var reply = await Resumer(maxMessages: 6).ResumeAsync(Caller("orders/*"), Positions(("user:alice", 0), ("orders/1", 1), ("orders/2", 2)));

        Assert.Equal([("user:alice", 1L), ("user:alice", 2L), ("user:alice", 3L), ("user:alice", 4L), ("orders/1", 2L), ("orders/1", 3L)], Notifications());
        Assert.Equal(
            """{"type":"resumed","streams":{"user:alice":{"last":4,"complete":true},"orders/1":{"last":3,"complete":false},"orders/2":{"last":2,"complete":false}}}""",
            reply);
    }

    [Fact]
    public async Task ResumeAsync_BoundReachedExactlyAtTheStreamsEnd_IsComplete()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 3);

        var reply = await Resumer(maxMessages: 3).ResumeAsync(Caller(), Positions(("user:alice", 0)));

        Assert.Equal(3, Notifications().Count);
        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":3,"complete":true}}}""", reply);
    }

    [Fact]
    public async Task ResumeAsync_PostFails_StopsWithAnError_AndSendsNoMore()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 4);
        _channel.Script(ConnectionId, ManagementCallStatus.Succeeded, ManagementCallStatus.Gone);

        var reply = JsonDocument.Parse(await Resumer().ResumeAsync(Caller(), Positions(("user:alice", 0)))).RootElement;

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal("resume", reply.GetProperty("action").GetString());
        Assert.StartsWith("resume stopped after 1 notifications", reply.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, _channel.Attempts(ConnectionId));
    }

    [Fact]
    public async Task ResumeAsync_MessageTooLargeForTheConnection_IsSkipped_AndTheStreamIsNotComplete()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 3);
        _channel.Script(ConnectionId, ManagementCallStatus.Succeeded, ManagementCallStatus.PayloadTooLarge);

        var reply = await Resumer().ResumeAsync(Caller(), Positions(("user:alice", 0)));

        Assert.Equal([("user:alice", 1L), ("user:alice", 3L)], Notifications());
        Assert.Equal("""{"type":"resumed","streams":{"user:alice":{"last":3,"complete":false}}}""", reply);
    }

    [Fact]
    public async Task ResumeAsync_StoreDown_AnswersAnError_AndSendsNothing()
    {
        await AppendAsync("user:alice", 3);

        var reply = await Resumer(store: new UnavailableConnectionStore()).ResumeAsync(Caller(), Positions(("user:alice", 0)));

        Assert.Contains("unavailable", reply, StringComparison.Ordinal);
        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task ResumeAsync_Cancelled_AnswersAnError_InsteadOfThrowing()
    {
        await ConnectAsync();
        await AppendAsync("user:alice", 3);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var reply = await Resumer().ResumeAsync(Caller(), Positions(("user:alice", 0)), cancelled.Token);

        Assert.Contains("ran out of time", reply, StringComparison.Ordinal);
        Assert.Empty(_channel.Posts);
    }

    /// <summary>Passes reads on, recording each one's limit, and runs a hook after the first.</summary>
    private sealed class RecordingHistory : IMessageHistory
    {
        private readonly IMessageHistory _inner;

        public RecordingHistory(IMessageHistory inner)
        {
            _inner = inner;
        }

        public List<int> Limits { get; } = [];

        public Func<IMessageHistory, Task>? AfterFirstRead { get; init; }

        public Task<long> AppendAsync(string stream, string messageId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
            _inner.AppendAsync(stream, messageId, message, cancellationToken);

        public async Task<HistoryPage> ReadAsync(string stream, long after, int limit, CancellationToken cancellationToken = default)
        {
            var page = await _inner.ReadAsync(stream, after, limit, cancellationToken);
            Limits.Add(limit);
            if (Limits.Count == 1 && AfterFirstRead is { } hook)
            {
                await hook(_inner);
            }

            return page;
        }
    }
}
