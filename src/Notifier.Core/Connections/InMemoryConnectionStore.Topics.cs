using System.Runtime.CompilerServices;
using Notifier.Core.Topics;

namespace Notifier.Core.Connections;

public sealed partial class InMemoryConnectionStore : ITopicStore
{
    private readonly Dictionary<string, Dictionary<string, ConnectionRecord>> _subscribersByTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _topicsById = new(StringComparer.Ordinal);

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
