using System.Collections.Concurrent;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.Functions.Tests.Handlers.Fakes;

/// <summary>Delivers every post, except that a post to <c>deadlineAt</c> brings the deadline: it cancels <c>deadline</c> and waits on the token, as a slow post would.</summary>
internal sealed class DeadlineChannel(string deadlineAt, CancellationTokenSource deadline) : IConnectionChannel
{
    private readonly ConcurrentQueue<string> _delivered = new();

    public IReadOnlyCollection<string> Delivered => [.. _delivered];

    public async Task<PostResult> PostAsync(ConnectionRecord connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (connection.ConnectionId == deadlineAt)
        {
            await deadline.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        _delivered.Enqueue(connection.ConnectionId);
        return new PostResult(ManagementCallStatus.Succeeded, null);
    }
}
