namespace Notifier.Core.Sharding;

/// <summary>The send ledger for local runs and tests: entries live in this process only.</summary>
/// <remarks>Entries are dropped a day after they are written, as the DynamoDB ledger's TTL drops them.</remarks>
public sealed class InMemorySendLedger : ISendLedger
{
    /// <summary>How long a send's entries are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private readonly Dictionary<string, Dictionary<string, ShardEntry>> _sends = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;

    public InMemorySendLedger(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public Task AddShardsAsync(string sendId, IReadOnlyCollection<string> shardIds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sendId);
        ArgumentNullException.ThrowIfNull(shardIds);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var shards = ShardsLocked(sendId, create: true)!;
            foreach (var id in shardIds)
            {
                shards.TryAdd(id, new ShardEntry(_timeProvider.GetUtcNow() + Retention));
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> ClaimAsync(string sendId, string shardId, string attemptId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(attemptId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var shards = ShardsLocked(sendId, create: true)!;
            if (!shards.TryGetValue(shardId, out var entry))
            {
                entry = new ShardEntry(_timeProvider.GetUtcNow() + Retention);
            }

            if (entry.Counts is not null || (entry.ClaimedBy is { } claimer && claimer != attemptId))
            {
                return Task.FromResult(false);
            }

            shards[shardId] = entry with { ClaimedBy = attemptId };
            return Task.FromResult(true);
        }
    }

    public Task CompleteAsync(string sendId, string shardId, ShardCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var shards = ShardsLocked(sendId, create: true)!;
            var entry = shards.TryGetValue(shardId, out var found) ? found : new ShardEntry(_timeProvider.GetUtcNow() + Retention);
            if (entry.Counts is null)
            {
                shards[shardId] = entry with { Counts = counts };
            }
        }

        return Task.CompletedTask;
    }

    public Task<SendSummary?> GetAsync(string sendId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var shards = ShardsLocked(sendId, create: false);
            if (shards is null || shards.Count == 0)
            {
                return Task.FromResult<SendSummary?>(null);
            }

            var done = shards.Values.Where(entry => entry.Counts is not null).Select(entry => entry.Counts!).ToList();
            return Task.FromResult<SendSummary?>(new SendSummary(
                sendId,
                done.Count == shards.Count,
                done.Sum(c => (long)c.Recipients),
                done.Sum(c => (long)c.Delivered),
                done.Sum(c => (long)c.Gone),
                done.Sum(c => (long)c.Throttled),
                done.Sum(c => (long)c.Failed),
                new ShardTally(shards.Count, done.Count)));
        }
    }

    /// <summary>The send's live shards, expired ones dropped; null when there are none and <paramref name="create"/> is false.</summary>
    private Dictionary<string, ShardEntry>? ShardsLocked(string sendId, bool create)
    {
        var now = _timeProvider.GetUtcNow();
        if (_sends.TryGetValue(sendId, out var shards))
        {
            foreach (var expired in shards.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList())
            {
                shards.Remove(expired);
            }
        }
        else if (create)
        {
            shards = new Dictionary<string, ShardEntry>(StringComparer.Ordinal);
            _sends[sendId] = shards;
        }

        return shards;
    }

    private sealed record ShardEntry(DateTimeOffset ExpiresAt, string? ClaimedBy = null, ShardCounts? Counts = null);
}
