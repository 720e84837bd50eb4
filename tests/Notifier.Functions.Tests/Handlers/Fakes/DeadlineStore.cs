using Notifier.Core.Connections;

namespace Notifier.Functions.Tests.Handlers.Fakes;

/// <summary>A store whose user lookup brings the deadline: it cancels <c>deadline</c> and waits on the token, as a slow Query would.</summary>
internal sealed class DeadlineStore(IConnectionStore inner, CancellationTokenSource deadline) : IConnectionStore
{
    public Task AddAsync(ConnectionRecord connection, CancellationToken cancellationToken = default) => inner.AddAsync(connection, cancellationToken);

    public Task<bool> RemoveAsync(string connectionId, CancellationToken cancellationToken = default) => inner.RemoveAsync(connectionId, cancellationToken);

    public Task RemoveManyAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken = default) =>
        inner.RemoveManyAsync(connectionIds, cancellationToken);

    public Task<ConnectionRecord?> GetAsync(string connectionId, CancellationToken cancellationToken = default) => inner.GetAsync(connectionId, cancellationToken);

    public async Task<IReadOnlyList<ConnectionRecord>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await deadline.CancelAsync();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return await inner.ListByUserAsync(userId, cancellationToken);
    }

    public IAsyncEnumerable<ConnectionRecord> ListAllAsync(CancellationToken cancellationToken = default) => inner.ListAllAsync(cancellationToken);
}
