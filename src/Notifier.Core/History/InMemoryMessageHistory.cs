namespace Notifier.Core.History;

/// <summary>The message history for local runs and tests: streams live in this process only.</summary>
/// <remarks>
/// Messages older than the retention are dropped as they are read or written, as DynamoDB's TTL (and the filter on read) drops them there.
/// A negative <c>after</c> reads from the start, as 0 does.
/// </remarks>
public sealed class InMemoryMessageHistory : IMessageHistory, IStreamListing
{
    private readonly Dictionary<string, StreamState> _streams = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly HistoryOptions _options;
    private readonly TimeProvider _timeProvider;

    public InMemoryMessageHistory(HistoryOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new HistoryOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public Task<long> AppendAsync(string stream, string messageId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<long>(cancellationToken);
        }

        lock (_gate)
        {
            if (!_streams.TryGetValue(stream, out var state))
            {
                state = new StreamState();
                _streams[stream] = state;
            }

            var seq = ++state.Last;
            if (_options.Retention > TimeSpan.Zero)
            {
                state.Messages.Add((new StoredMessage(seq, messageId, message.ToArray()), _timeProvider.GetUtcNow() + _options.Retention));
            }

            DropExpiredLocked(state);
            return Task.FromResult(seq);
        }
    }

    public Task<HistoryPage> ReadAsync(string stream, long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<HistoryPage>(cancellationToken);
        }

        after = Math.Max(after, 0);

        lock (_gate)
        {
            if (!_streams.TryGetValue(stream, out var state))
            {
                return Task.FromResult(new HistoryPage([], 0, _options.Retention > TimeSpan.Zero));
            }

            DropExpiredLocked(state);
            var page = state.Messages.Select(entry => entry.Message).Where(message => message.Seq > after).Take(limit).ToList();
            var upTo = page.Count > 0 ? page[^1].Seq : state.Last;
            // Stored messages are consecutive, so the page is whole when it starts right after `after` and holds every number up to its end.
            var complete = _options.Retention > TimeSpan.Zero
                && (upTo <= after || (page.Count > 0 && page[0].Seq == after + 1 && page[^1].Seq - page[0].Seq + 1 == page.Count));
            return Task.FromResult(new HistoryPage(page, state.Last, complete));
        }
    }

    /// <summary>Every stream written so far, ordered by name (ordinal), after dropping what has expired.</summary>
    public Task<IReadOnlyList<StreamSummary>> ListStreamsAsync(CancellationToken cancellationToken = default) => Task.FromResult(ListStreams());

    private IReadOnlyList<StreamSummary> ListStreams()
    {
        lock (_gate)
        {
            var streams = new List<StreamSummary>(_streams.Count);
            foreach (var (name, state) in _streams.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            {
                DropExpiredLocked(state);
                streams.Add(new StreamSummary(name, state.Last, state.Messages.Count));
            }

            return streams;
        }
    }

    private void DropExpiredLocked(StreamState state)
    {
        var now = _timeProvider.GetUtcNow();
        state.Messages.RemoveAll(entry => entry.ExpiresAt <= now);
    }

    /// <summary>A stream's last number and its stored messages, oldest first.</summary>
    private sealed class StreamState
    {
        public long Last { get; set; }

        public List<(StoredMessage Message, DateTimeOffset ExpiresAt)> Messages { get; } = [];
    }
}
