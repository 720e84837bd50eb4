using System.Text.Json;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;

namespace Notifier.Core.Tests.Delivery;

public sealed class SenderStreamTests
{
    private const string Endpoint = "http://127.0.0.1/local";
    private const string Compact = """{"title":"hi","n":[1,2]}""";
    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{ "title": "hi", "n": [1, 2] }""");
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();
    private readonly InMemoryMessageHistory _history = new();

    private static DeliveryOptions FastRetries => new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private NotificationSender Sender(IMessageHistory? history) => new(_store, _channel, FastRetries, history: history);

    private NotificationSender Sender() => Sender(_history);

    private async Task<ConnectionRecord> ConnectAsync(string connectionId, string userId, string? protocol = NotificationEnvelope.Protocol, string? topic = null)
    {
        var record = TestRecords.Settled(connectionId, userId, Endpoint) with { Protocol = protocol };
        await _store.AddAsync(record);
        if (topic is not null)
        {
            await _store.SubscribeAsync(record, topic);
        }

        return record;
    }

    /// <summary>The one message <paramref name="connectionId"/> received, read as an envelope.</summary>
    private (string Type, string Id, string? Stream, long? Seq, string Message) EnvelopeOf(string connectionId)
    {
        using var document = JsonDocument.Parse(Assert.Single(_channel.Received(connectionId)));
        var root = document.RootElement;
        return (
            root.GetProperty("type").GetString()!,
            root.GetProperty("id").GetString()!,
            root.TryGetProperty("stream", out var stream) ? stream.GetString() : null,
            root.TryGetProperty("seq", out var seq) ? seq.GetInt64() : null,
            root.GetProperty("message").GetRawText());
    }

    [Fact]
    public async Task SendToUserAsync_EnvelopeAndPlainConnectionsOfOneUser_GetTheEnvelopeAndTheRawBytes()
    {
        await ConnectAsync("v1", "alice");
        await ConnectAsync("plain", "alice", protocol: null);
        await ConnectAsync("other", "alice", protocol: "json");

        var report = await Sender().SendAsync(new PublishRequest(["alice"], null, Message), "m-1");

        Assert.Equal(("notification", "m-1", "user:alice", 1L, Compact), EnvelopeOf("v1"));
        Assert.Equal([Compact], _channel.Received("plain"));
        Assert.Equal([Compact], _channel.Received("other"));
        Assert.Equal(3, report.Delivered.Count);
    }

    [Fact]
    public async Task SendToTopicAsync_ThreeSends_AreNumberedOneTwoThree_InTheTopicsStream()
    {
        await ConnectAsync("c1", "alice", topic: "orders/42");
        var sender = Sender();

        var seqs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var report = await sender.SendToTopicAsync("orders/42", Message);
            seqs.Add(report.Streams["orders/42"]);
        }

        Assert.Equal([1L, 2L, 3L], seqs);
        var received = _channel.Received("c1").Select(text => JsonDocument.Parse(text).RootElement).ToList();
        Assert.Equal([1L, 2L, 3L], received.Select(envelope => envelope.GetProperty("seq").GetInt64()));
        Assert.All(received, envelope => Assert.Equal("orders/42", envelope.GetProperty("stream").GetString()));
        var page = await _history.ReadAsync("orders/42", 0, 10);
        Assert.Equal([1L, 2L, 3L], page.Messages.Select(message => message.Seq));
        Assert.All(page.Messages, message => Assert.Equal(Compact, System.Text.Encoding.UTF8.GetString(message.Message.Span)));
    }

    [Fact]
    public async Task SendToUsersAsync_EachUsersStream_GivesItsOwnNumber()
    {
        await ConnectAsync("a1", "alice");
        await ConnectAsync("a2", "alice");
        await ConnectAsync("b1", "bob");
        // Alice's stream already holds one message, so her number and Bob's differ.
        await _history.AppendAsync(StreamName.ForUser("alice"), "earlier", Message.Utf8);

        var report = await Sender().SendAsync(new PublishRequest(["alice", "bob", "carol", "alice"], null, Message), "m-2");

        Assert.Equal(("notification", "m-2", "user:alice", 2L, Compact), EnvelopeOf("a1"));
        Assert.Equal(("notification", "m-2", "user:alice", 2L, Compact), EnvelopeOf("a2"));
        Assert.Equal(("notification", "m-2", "user:bob", 1L, Compact), EnvelopeOf("b1"));
        Assert.Equal("m-2", report.MessageId);
        // Carol is offline, and her stream still keeps the message for when she comes back.
        Assert.Equal(new Dictionary<string, long> { ["user:alice"] = 2, ["user:bob"] = 1, ["user:carol"] = 1 }, report.Streams);
        Assert.Equal("m-2", Assert.Single((await _history.ReadAsync("user:carol", 0, 10)).Messages).Id);
    }

    [Fact]
    public async Task SendToUsersAsync_EachUsersAppend_ComesBeforeAnyPostToThatUser()
    {
        for (var i = 0; i < 20; i++)
        {
            await ConnectAsync($"c{i}", $"u{i}");
        }

        var history = new PostCountingHistory(_history, _channel);
        var users = Enumerable.Range(0, 20).Select(i => $"u{i}").ToList();

        await Sender(history).SendToUsersAsync(users, Message);

        Assert.Equal(users.Select(StreamName.ForUser).Order(), history.PostsAtAppend.Keys.Order());
        Assert.All(history.PostsAtAppend.Values, posts => Assert.Equal(0, posts));
        Assert.All(users, user => Assert.Single(_channel.Received("c" + user[1..])));
    }

    [Fact]
    public async Task SendToConnectionAsync_WithHistory_SendsAnEnvelopeWithNoStream()
    {
        await ConnectAsync("v1", "alice");

        var report = await Sender().SendAsync(new PublishRequest([], "v1", Message), "m-3");

        Assert.Equal(("notification", "m-3", null, null, Compact), EnvelopeOf("v1"));
        Assert.Equal("m-3", report.MessageId);
        Assert.Empty(report.Streams);
    }

    [Fact]
    public async Task BroadcastAsync_WithHistory_GivesANewId_AndNoStream()
    {
        await ConnectAsync("v1", "alice");
        await ConnectAsync("plain", "bob", protocol: null);

        var report = await Sender().BroadcastAsync(Message);

        var envelope = EnvelopeOf("v1");
        Assert.False(string.IsNullOrEmpty(report.MessageId));
        Assert.Equal(("notification", report.MessageId, null, null, Compact), envelope);
        Assert.Equal([Compact], _channel.Received("plain"));
        Assert.Empty(report.Streams);
    }

    [Fact]
    public async Task SendAsync_NoHistory_SendsTheRawBytesToEveryone_AndReportsNoIdOrStreams()
    {
        await ConnectAsync("v1", "alice", topic: "news");
        await ConnectAsync("plain", "alice", protocol: null, topic: "news");
        var sender = Sender(history: null);

        var toUser = await sender.SendAsync(new PublishRequest(["alice"], null, Message), "ignored");
        var toTopic = await sender.SendToTopicAsync("news", Message);

        Assert.Equal([Compact, Compact], _channel.Received("v1"));
        Assert.Equal([Compact, Compact], _channel.Received("plain"));
        Assert.All(new[] { toUser, toTopic }, report =>
        {
            Assert.Null(report.MessageId);
            Assert.Empty(report.Streams);
        });
        var json = JsonText.Readable(DeliveryReportJson.From(toUser), DeliveryJsonContext.Default.DeliveryReportJson);
        Assert.DoesNotContain("\"id\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"streams\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportJson_WithHistory_ShowsTheIdAndEachStreamsNumber()
    {
        await ConnectAsync("a1", "alice");
        await _history.AppendAsync(StreamName.ForUser("alice"), "earlier", Message.Utf8);

        var report = await Sender().SendAsync(new PublishRequest(["alice", "bob"], null, Message), "m-4");

        using var json = JsonDocument.Parse(JsonText.Readable(DeliveryReportJson.From(report), DeliveryJsonContext.Default.DeliveryReportJson));
        Assert.Equal("m-4", json.RootElement.GetProperty("id").GetString());
        var streams = json.RootElement.GetProperty("streams");
        Assert.Equal(2, streams.GetProperty("user:alice").GetInt64());
        Assert.Equal(1, streams.GetProperty("user:bob").GetInt64());
    }

    [Fact]
    public async Task SendToTopicAsync_AppendFails_ThrowsAndPostsNothing()
    {
        await ConnectAsync("c1", "alice", topic: "news");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sender(new FailingHistory()).SendToTopicAsync("news", Message));

        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task SendToUsersAsync_AppendFails_ThrowsAndPostsNothing()
    {
        await ConnectAsync("c1", "alice");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sender(new FailingHistory()).SendToUsersAsync(["alice"], Message));

        Assert.Empty(_channel.Posts);
    }

    /// <summary>A history whose appends always fail, as an unreachable table would.</summary>
    private sealed class FailingHistory : IMessageHistory
    {
        public Task<long> AppendAsync(string stream, string messageId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("history unavailable");

        public Task<HistoryPage> ReadAsync(string stream, long after, int limit, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("history unavailable");
    }

    /// <summary>Records, at each append to <c>user:u{i}</c>, how many posts connection <c>c{i}</c> had had by then.</summary>
    private sealed class PostCountingHistory(IMessageHistory inner, ScriptedChannel channel) : IMessageHistory
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, int> PostsAtAppend { get; } = new(StringComparer.Ordinal);

        public Task<long> AppendAsync(string stream, string messageId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
        {
            PostsAtAppend[stream] = channel.Attempts("c" + stream["user:u".Length..]);
            return inner.AppendAsync(stream, messageId, message, cancellationToken);
        }

        public Task<HistoryPage> ReadAsync(string stream, long after, int limit, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(stream, after, limit, cancellationToken);
    }
}
