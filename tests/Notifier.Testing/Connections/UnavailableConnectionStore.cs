using Notifier.Core.Connections;
using Notifier.Core.Topics;

namespace Notifier.Testing.Connections;

/// <summary>A store that is down: every call fails the way a network client would.</summary>
public sealed class UnavailableConnectionStore : IConnectionStore, ITopicStore
{
    public int Calls { get; private set; }

    public Task AddAsync(ConnectionRecord connection, CancellationToken cancellationToken = default) => Fail<object>();

    public Task<bool> RemoveAsync(string connectionId, CancellationToken cancellationToken = default) => Fail<bool>();

    public Task RemoveManyAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken = default) => Fail<object>();

    public Task<ConnectionRecord?> GetAsync(string connectionId, CancellationToken cancellationToken = default) => Fail<ConnectionRecord?>();

    public Task<IReadOnlyList<ConnectionRecord>> ListByUserAsync(string userId, CancellationToken cancellationToken = default) =>
        Fail<IReadOnlyList<ConnectionRecord>>();

    public IAsyncEnumerable<ConnectionRecord> ListAllAsync(CancellationToken cancellationToken = default) =>
        throw new HttpRequestException("connection refused (store is down)");

    public Task SubscribeAsync(ConnectionRecord connection, string topic, CancellationToken cancellationToken = default) => Fail<object>();

    public Task<bool> UnsubscribeAsync(string connectionId, string topic, CancellationToken cancellationToken = default) => Fail<bool>();

    public Task<IReadOnlyList<string>> ListTopicsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        Fail<IReadOnlyList<string>>();

    public IAsyncEnumerable<ConnectionRecord> ListSubscribersAsync(string topic, CancellationToken cancellationToken = default) =>
        throw new HttpRequestException("connection refused (store is down)");

    public Task<int> CountSubscribersAsync(string topic, CancellationToken cancellationToken = default) => Fail<int>();

    private Task<T> Fail<T>()
    {
        Calls++;
        return Task.FromException<T>(new HttpRequestException("connection refused (store is down)"));
    }
}
