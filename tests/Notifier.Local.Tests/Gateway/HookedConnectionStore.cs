using Notifier.Core.Connections;
using Notifier.Core.Topics;

namespace Notifier.Local.Tests.Gateway;

/// <summary>An in-memory store that runs <see cref="AfterAdd"/> once <c>$connect</c> has stored a record, before <c>$connect</c> returns.</summary>
internal sealed class HookedConnectionStore : IConnectionStore, ITopicStore
{
    private readonly InMemoryConnectionStore _inner = new();

    /// <summary>Runs inside <c>$connect</c>, after the record is stored: the socket is not open yet.</summary>
    public Func<ConnectionRecord, Task>? AfterAdd { get; set; }

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

    public Task SubscribeAsync(ConnectionRecord connection, string topic, CancellationToken cancellationToken = default) =>
        _inner.SubscribeAsync(connection, topic, cancellationToken);

    public Task<bool> UnsubscribeAsync(string connectionId, string topic, CancellationToken cancellationToken = default) =>
        _inner.UnsubscribeAsync(connectionId, topic, cancellationToken);

    public Task<IReadOnlyList<string>> ListTopicsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        _inner.ListTopicsAsync(connectionId, cancellationToken);

    public IAsyncEnumerable<ConnectionRecord> ListSubscribersAsync(string topic, CancellationToken cancellationToken = default) =>
        _inner.ListSubscribersAsync(topic, cancellationToken);

    public Task<int> CountSubscribersAsync(string topic, CancellationToken cancellationToken = default) => _inner.CountSubscribersAsync(topic, cancellationToken);
}
