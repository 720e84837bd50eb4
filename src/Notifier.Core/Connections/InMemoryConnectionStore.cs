using System.Runtime.CompilerServices;
using Notifier.Core.Sharding;
using Notifier.Core.Topics;

namespace Notifier.Core.Connections;

/// <summary>The embedded store for local runs and tests: connections live in this process only.</summary>
/// <remarks>
/// Expired records are treated as absent, as DynamoDB's TTL eventually makes them. One lock guards
/// every index so that a user's last disconnect racing their next connect cannot lose a link, and a
/// connection's removal takes its topic subscriptions with it.
/// </remarks>
public sealed class InMemoryConnectionStore : IConnectionStore, ITopicStore, IRecipientPages
{
    private readonly Dictionary<string, ConnectionRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _idsByUser = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, ConnectionRecord>> _subscribersByTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _topicsById = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public InMemoryConnectionStore(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How many records are held, expired ones included.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    public Task AddAsync(ConnectionRecord connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            UnlinkUserLocked(connection.ConnectionId);
            _byId[connection.ConnectionId] = connection;
            _idsByUser.Links(connection.UserId).Add(connection.ConnectionId);
        }

        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        lock (_gate)
        {
            return Task.FromResult(RemoveLocked(connectionId));
        }
    }

    public Task RemoveManyAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            foreach (var id in connectionIds)
            {
                RemoveLocked(id);
            }
        }

        return Task.CompletedTask;
    }

    public Task<ConnectionRecord?> GetAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ConnectionRecord?>(cancellationToken);
        }

        lock (_gate)
        {
            var found = _byId.TryGetValue(connectionId, out var record) && IsLive(record) ? record : null;
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<ConnectionRecord>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<ConnectionRecord>>(cancellationToken);
        }

        lock (_gate)
        {
            if (!_idsByUser.TryGetValue(userId, out var ids))
            {
                return Task.FromResult<IReadOnlyList<ConnectionRecord>>([]);
            }

            var records = ids.Select(id => _byId[id]).Where(IsLive).ToList();
            return Task.FromResult<IReadOnlyList<ConnectionRecord>>(records);
        }
    }

    public async IAsyncEnumerable<ConnectionRecord> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ConnectionRecord[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _byId.Values];
        }

        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var record in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsLive(record))
            {
                yield return record;
            }
        }
    }

    /// <summary>Topics are not stored partitioned here; pages of a topic are still split into this many parts, as in DynamoDB.</summary>
    public int TopicPartitions => ShardingOptions.DefaultTopicPartitions;

    /// <remarks>Reads the range in connection id order; the cursor is the last id read.</remarks>
    public Task<RecipientPage> ReadPageAsync(RecipientRange range, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<RecipientPage>(cancellationToken);
        }

        List<ConnectionRecord> ordered;
        lock (_gate)
        {
            IEnumerable<ConnectionRecord> source = range.Topic is null
                ? _byId.Values
                : _subscribersByTopic.TryGetValue(range.Topic, out var subscribers) ? subscribers.Values : [];
            ordered = [.. source
                .Where(record => RecipientPartition.Of(record.ConnectionId, range.Parts) == range.Part
                    && (cursor is null || string.CompareOrdinal(record.ConnectionId, cursor) > 0))
                .OrderBy(record => record.ConnectionId, StringComparer.Ordinal)];
        }

        // Like a DynamoDB page, the limit counts the records read, expired ones included.
        var page = ordered.Take(limit).ToList();
        var next = ordered.Count > limit ? page[^1].ConnectionId : null;
        return Task.FromResult(new RecipientPage([.. page.Where(IsLive)], next));
    }

    public Task SubscribeAsync(ConnectionRecord connection, string topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            _subscribersByTopic.Links(topic)[connection.ConnectionId] = connection;
            _topicsById.Links(connection.ConnectionId).Add(topic);
        }

        return Task.CompletedTask;
    }

    public Task<bool> UnsubscribeAsync(string connectionId, string topic, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        lock (_gate)
        {
            var removed = _topicsById.TryGetValue(connectionId, out var topics) && topics.Remove(topic);
            if (removed)
            {
                UnlinkTopicLocked(topic, connectionId);
                if (topics!.Count == 0)
                {
                    _topicsById.Remove(connectionId);
                }
            }

            return Task.FromResult(removed);
        }
    }

    public Task<IReadOnlyList<string>> ListTopicsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<string>>(cancellationToken);
        }

        lock (_gate)
        {
            IReadOnlyList<string> topics = _topicsById.TryGetValue(connectionId, out var found)
                ? [.. found.Where(topic => IsLive(_subscribersByTopic[topic][connectionId]))]
                : [];
            return Task.FromResult(topics);
        }
    }

    public async IAsyncEnumerable<ConnectionRecord> ListSubscribersAsync(string topic, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ConnectionRecord[] snapshot;
        lock (_gate)
        {
            snapshot = _subscribersByTopic.TryGetValue(topic, out var subscribers) ? [.. subscribers.Values] : [];
        }

        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var record in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsLive(record))
            {
                yield return record;
            }
        }
    }

    public Task<int> CountSubscribersAsync(string topic, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<int>(cancellationToken);
        }

        lock (_gate)
        {
            var count = _subscribersByTopic.TryGetValue(topic, out var subscribers) ? subscribers.Values.Count(IsLive) : 0;
            return Task.FromResult(count);
        }
    }

    private bool IsLive(ConnectionRecord record) => record.ExpiresAt > _timeProvider.GetUtcNow();

    private bool RemoveLocked(string connectionId)
    {
        RemoveSubscriptionsLocked(connectionId);
        return UnlinkUserLocked(connectionId);
    }

    /// <summary>Drops the record and its link from the user index; subscriptions stay.</summary>
    private bool UnlinkUserLocked(string connectionId)
    {
        if (!_byId.Remove(connectionId, out var removed))
        {
            return false;
        }

        if (_idsByUser.TryGetValue(removed.UserId, out var ids) && ids.Remove(connectionId) && ids.Count == 0)
        {
            _idsByUser.Remove(removed.UserId);
        }

        return true;
    }

    private void RemoveSubscriptionsLocked(string connectionId)
    {
        if (_topicsById.Remove(connectionId, out var topics))
        {
            foreach (var topic in topics)
            {
                UnlinkTopicLocked(topic, connectionId);
            }
        }
    }

    private void UnlinkTopicLocked(string topic, string connectionId)
    {
        if (_subscribersByTopic.TryGetValue(topic, out var subscribers) && subscribers.Remove(connectionId) && subscribers.Count == 0)
        {
            _subscribersByTopic.Remove(topic);
        }
    }
}
