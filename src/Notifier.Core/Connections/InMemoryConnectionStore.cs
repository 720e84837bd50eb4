using System.Runtime.CompilerServices;

namespace Notifier.Core.Connections;

/// <summary>The embedded store for local runs and tests: connections live in this process only.</summary>
/// <remarks>
/// Expired records are treated as absent, as DynamoDB's TTL eventually makes them. One lock guards
/// every index so that a user's last disconnect racing their next connect cannot lose a link, and a
/// connection's removal takes its topic subscriptions with it.
/// </remarks>
public sealed partial class InMemoryConnectionStore : IConnectionStore
{
    private readonly Dictionary<string, ConnectionRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _idsByUser = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
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
}
