using Notifier.Core.Connections;
using Notifier.Core.Topics;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// An in-memory store that runs <see cref="AfterAdd"/> once <c>$connect</c> has stored a record, before <c>$connect</c> returns,
/// and <see cref="BeforeTopicOperation"/> before each topic read or write takes effect.
/// </summary>
internal sealed class HookedConnectionStore : IConnectionStore, ITopicStore
{
    private readonly InMemoryConnectionStore _inner = new();

    /// <summary>Runs inside <c>$connect</c>, after the record is stored: the socket is not open yet.</summary>
    public Func<ConnectionRecord, Task>? AfterAdd { get; set; }

    /// <summary>Runs before a subscription is listed, written or removed, with the topic (null for a listing).</summary>
    public Func<string?, Task>? BeforeTopicOperation { get; set; }

    /// <summary>Every subscription write, in the order the store applied them: ("subscribe" or "unsubscribe", topic).</summary>
    public List<(string Operation, string Topic)> TopicWrites { get; } = [];

    private readonly SemaphoreSlim _writeOrder = new(1, 1);

    public async Task AddAsync(ConnectionRecord connection, CancellationToken cancellationToken = default)
    {
        await _inner.AddAsync(connection, cancellationToken);
        if (AfterAdd is { } hook)
        {
            await hook(connection);
        }
    }

    public Task<bool> RemoveAsync(string connectionId, CancellationToken cancellationToken = default) => _inner.RemoveAsync(connectionId, cancellationToken);

    public Task RemoveManyAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken = default) =>
        _inner.RemoveManyAsync(connectionIds, cancellationToken);

    public Task<ConnectionRecord?> GetAsync(string connectionId, CancellationToken cancellationToken = default) => _inner.GetAsync(connectionId, cancellationToken);

    public Task<IReadOnlyList<ConnectionRecord>> ListByUserAsync(string userId, CancellationToken cancellationToken = default) =>
        _inner.ListByUserAsync(userId, cancellationToken);

    public IAsyncEnumerable<ConnectionRecord> ListAllAsync(CancellationToken cancellationToken = default) => _inner.ListAllAsync(cancellationToken);

    public async Task SubscribeAsync(ConnectionRecord connection, string topic, CancellationToken cancellationToken = default)
    {
        await BeforeTopicAsync(topic);
        await _writeOrder.WaitAsync(cancellationToken);
        try
        {
            await _inner.SubscribeAsync(connection, topic, cancellationToken);
            TopicWrites.Add(("subscribe", topic));
        }
        finally
        {
            _writeOrder.Release();
        }
    }

    public async Task<bool> UnsubscribeAsync(string connectionId, string topic, CancellationToken cancellationToken = default)
    {
        await BeforeTopicAsync(topic);
        await _writeOrder.WaitAsync(cancellationToken);
        try
        {
            var removed = await _inner.UnsubscribeAsync(connectionId, topic, cancellationToken);
            TopicWrites.Add(("unsubscribe", topic));
            return removed;
        }
        finally
        {
            _writeOrder.Release();
        }
    }

    public async Task<IReadOnlyList<string>> ListTopicsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        await BeforeTopicAsync(null);
        return await _inner.ListTopicsAsync(connectionId, cancellationToken);
    }

    public IAsyncEnumerable<ConnectionRecord> ListSubscribersAsync(string topic, CancellationToken cancellationToken = default) =>
        _inner.ListSubscribersAsync(topic, cancellationToken);

    public Task<int> CountSubscribersAsync(string topic, CancellationToken cancellationToken = default) => _inner.CountSubscribersAsync(topic, cancellationToken);

    private Task BeforeTopicAsync(string? topic) => BeforeTopicOperation is { } hook ? hook(topic) : Task.CompletedTask;
}
