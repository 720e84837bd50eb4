namespace Notifier.Core.Sharding;

/// <summary>How a shard's run ended.</summary>
public enum ShardStatus
{
    /// <summary>Every recipient of the shard has an outcome, and the ledger holds its counts.</summary>
    Done,

    /// <summary>The caller's deadline came first: the shard must go back to the queue and run again whole.</summary>
    Interrupted,

    /// <summary>The shard was done already, or another copy of it holds the claim: nothing was sent.</summary>
    Skipped,
}
