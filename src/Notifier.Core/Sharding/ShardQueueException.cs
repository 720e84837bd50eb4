namespace Notifier.Core.Sharding;

/// <summary>Some shards of a send could not be queued.</summary>
/// <remarks>
/// Queue adapters throw this, with the first underlying failure inside, when shards remain unqueued after their
/// retries, or when a shard is too large for the queue. <see cref="NotQueued"/> says how many of the shards handed to
/// <see cref="IShardQueue.EnqueueAsync"/> did not go on the queue; the others did and will run. Cancellation
/// requested by the caller is not translated: it stays an <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class ShardQueueException : Exception
{
    public ShardQueueException()
    {
    }

    public ShardQueueException(string message)
        : base(message)
    {
    }

    public ShardQueueException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ShardQueueException(string message, int notQueued, Exception? innerException = null)
        : base(message, innerException)
    {
        NotQueued = notQueued;
    }

    /// <summary>How many shards were not queued.</summary>
    public int NotQueued { get; }
}
