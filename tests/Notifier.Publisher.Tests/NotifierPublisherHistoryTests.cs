using System.Text;
using Notifier.Aws.Management;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.History;

namespace Notifier.Publisher.Tests;

/// <summary>Reading streams through the publisher: the history it was given, checked arguments, and a clear error without one.</summary>
public sealed class NotifierPublisherHistoryTests
{
    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static NotifierPublisher Create(IMessageHistory? history) =>
        new(new NotifierPublisherOptions { Signing = ManagementApiSigning.None, History = history }, new InMemoryConnectionStore());

    [Fact]
    public async Task GetUserMessagesAsync_DocsExample_ReadsTheUsersStreamAfterTheGivenSeq()
    {
        var history = new InMemoryMessageHistory();
        await history.AppendAsync("user:alice", "m1", Json("""{"n":1}"""));
        await history.AppendAsync("user:alice", "m2", Json("""{"n":2}"""));
        await history.AppendAsync("user:alice", "m3", Json("""{"n":3}"""));
        await history.AppendAsync("user:bob", "m4", Json("""{"n":4}"""));
        await using var publisher = Create(history);
        var lastSeen = 1L;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var cancellationToken = timeout.Token;

        #region publisher-history-example
        // What was sent to alice after the last message this service saw, oldest first.
        var page = await publisher.GetUserMessagesAsync("alice", after: lastSeen, limit: 100, cancellationToken);
        foreach (var stored in page.Messages)
        {
            Console.WriteLine($"{stored.Seq} {stored.Id}: {Encoding.UTF8.GetString(stored.Message.Span)}");
        }

        Console.WriteLine($"alice's stream is at {page.Last}; nothing expired in between: {page.Complete}");
        #endregion

        Assert.Equal([(2L, "m2", """{"n":2}"""), (3L, "m3", """{"n":3}""")], page.Messages.Select(m => (m.Seq, m.Id, Encoding.UTF8.GetString(m.Message.Span))));
        Assert.Equal(3, page.Last);
        Assert.True(page.Complete);
    }

    [Fact]
    public async Task GetTopicMessagesAsync_ReadsTheTopicsStream_UpToTheLimit()
    {
        var history = new InMemoryMessageHistory();
        for (var n = 1; n <= 5; n++)
        {
            await history.AppendAsync("orders/42", $"m{n}", Json($$"""{"n":{{n}}}"""));
        }

        await using var publisher = Create(history);

        var page = await publisher.GetTopicMessagesAsync("orders/42", after: 0, limit: 2);

        Assert.Equal([1L, 2L], page.Messages.Select(m => m.Seq));
        Assert.Equal(5, page.Last);
    }

    [Theory]
    [InlineData(-1L, 100, "after")]
    [InlineData(0L, 0, "limit")]
    [InlineData(0L, 1001, "limit")]
    public async Task GetUserMessagesAsync_OutOfRange_ThrowsNamingTheArgument(long after, int limit, string parameter)
    {
        var history = new CountingHistory();
        await using var publisher = Create(history);

        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => publisher.GetUserMessagesAsync("alice", after, limit));

        Assert.Equal(parameter, exception.ParamName);
        Assert.Equal(0, history.Reads);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad topic")]
    [InlineData("orders/*")]
    public async Task GetTopicMessagesAsync_NotATopicName_ThrowsArgumentException(string topic)
    {
        var history = new CountingHistory();
        await using var publisher = Create(history);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => publisher.GetTopicMessagesAsync(topic));

        Assert.Equal("topic", exception.ParamName);
        Assert.Equal(0, history.Reads);
    }

    [Fact]
    public async Task GetUserMessagesAsync_NoHistoryGiven_ThrowsNamingTheOption()
    {
        await using var publisher = Create(null);

        var exception = await Assert.ThrowsAsync<NotifierConfigurationException>(() => publisher.GetUserMessagesAsync("alice"));

        Assert.Equal(nameof(NotifierPublisherOptions.History), exception.SettingName);
    }

    [Fact]
    public async Task GetTopicMessagesAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var history = new CountingHistory();
        var publisher = Create(history);
        publisher.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => publisher.GetTopicMessagesAsync("orders/42"));
        Assert.Equal(0, history.Reads);
    }

    /// <summary>A history that counts reads and holds nothing.</summary>
    private sealed class CountingHistory : IMessageHistory
    {
        public int Reads { get; private set; }

        public Task<long> AppendAsync(string stream, string messageId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<HistoryPage> ReadAsync(string stream, long after, int limit, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult(new HistoryPage([], 0, true));
        }
    }
}
