using Notifier.Core.Delivery;

namespace Notifier.Core.Sharding;

/// <summary>What running one shard did.</summary>
/// <param name="Status">Whether the shard ran to its end, was cut short, or was skipped.</param>
/// <param name="Report">The shard's delivery report; null when it was skipped.</param>
/// <param name="ShardsQueued">1 when the shard queued the next link of its segment, else 0.</param>
public sealed record ShardOutcome(ShardStatus Status, DeliveryReport? Report, int ShardsQueued);
