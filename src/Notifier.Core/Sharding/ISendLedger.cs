namespace Notifier.Core.Sharding;

/// <summary>Where a sharded send keeps track of its shards: which exist, which one attempt runs, which are done and with what counts.</summary>
/// <remarks>
/// The publish queue delivers at least once, and a shard may be queued twice (a redriven planner or parent queues
/// it again). The ledger makes the second copy harmless: a shard runs under the first queue message that claims it
/// (that message's redeliveries keep the claim), other copies are skipped, and a finished shard is never counted
/// twice. Entries expire a day after they are written.
/// </remarks>
public interface ISendLedger
{
    /// <summary>Records shards of <paramref name="sendId"/> as pending, before they are queued; a shard already recorded is left as it is.</summary>
    Task AddShardsAsync(string sendId, IReadOnlyCollection<string> shardIds, CancellationToken cancellationToken = default);

    /// <summary>Claims a shard for the queue message <paramref name="attemptId"/>; false when it is done, or claimed by another message.</summary>
    Task<bool> ClaimAsync(string sendId, string shardId, string attemptId, CancellationToken cancellationToken = default);

    /// <summary>Marks a shard done with its counts; done again changes nothing.</summary>
    Task CompleteAsync(string sendId, string shardId, ShardCounts counts, CancellationToken cancellationToken = default);

    /// <summary>The send's counts summed over its shards, or null for an unknown (or expired) send.</summary>
    Task<SendSummary?> GetAsync(string sendId, CancellationToken cancellationToken = default);
}
