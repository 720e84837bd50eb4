namespace Notifier.Core.Sharding;

/// <summary>When a send is split into shards, and how.</summary>
public sealed class ShardingOptions
{
    /// <summary>The setting that sets <see cref="ShardSize"/>, read by the publish function and the local gateway alike.</summary>
    public const string ShardSizeVariable = "NOTIFIER_SHARD_SIZE";

    /// <summary>The most recipients one shard (one publish invocation) takes; a send with more is split.</summary>
    /// <remarks>
    /// Default 2,000: at the default budget a shard takes about 4 s of posting, well inside the publish
    /// function's 25 s. A <c>userIds</c> send is split into chunks of this many users.
    /// </remarks>
    public int ShardSize { get; init; } = 2_000;

    /// <summary>How many scan segments a send to every connection starts with; each goes on in links of <see cref="ShardSize"/>.</summary>
    public int BroadcastSegments { get; init; } = 16;

    /// <summary>How many sub-partitions a topic's subscriptions are written to, unless the store is told otherwise.</summary>
    public const int DefaultTopicPartitions = 16;

    /// <summary>Reads <see cref="ShardSizeVariable"/> (1 to 100,000; default 2,000).</summary>
    /// <exception cref="Configuration.NotifierConfigurationException">The value is not a whole number in range.</exception>
    public static ShardingOptions FromSettings(Configuration.SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ShardingOptions { ShardSize = settings.Integer(ShardSizeVariable, new ShardingOptions().ShardSize, min: 1, max: 100_000) };
    }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ShardSize, 1, nameof(ShardSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BroadcastSegments, 1, nameof(BroadcastSegments));
    }
}
