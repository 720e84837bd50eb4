namespace Notifier.Core.Sharding;

/// <summary>How many shards a send has so far (a shard that finds more recipients than it may take adds one), and how many have finished.</summary>
public sealed record ShardTally(int Total, int Done);
