namespace Notifier.Core.Sharding;

/// <summary>The queue a large send's shards travel on, to be run by publish invocations: SQS on AWS, an in-process queue locally.</summary>
public interface IShardQueue
{
    /// <summary>Queues every shard, or throws: a shard that cannot be queued must not be reported as queued.</summary>
    Task EnqueueAsync(IReadOnlyList<ShardWork> shards, CancellationToken cancellationToken = default);
}
