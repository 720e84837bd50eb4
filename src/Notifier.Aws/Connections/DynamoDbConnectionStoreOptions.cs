namespace Notifier.Aws.Connections;

/// <summary>Tuning for <see cref="DynamoDbConnectionStore"/>; the defaults suit a Lambda function.</summary>
public sealed class DynamoDbConnectionStoreOptions
{
    /// <summary>The most sub-partitions a topic may be written to.</summary>
    public const int MaxTopicPartitions = 1_000;

    /// <summary>The table of topic subscriptions (<see cref="Topics.TopicTableSchema"/>), or null for a store that keeps no topics.</summary>
    /// <remarks>
    /// Default null: topic calls then fail with <see cref="Core.Connections.ConnectionStoreException"/>, and removing a
    /// connection leaves subscriptions alone. With a table, removing a connection also deletes its subscriptions.
    /// </remarks>
    public string? TopicsTableName { get; init; }

    /// <summary>How many sub-partitions each topic's subscriptions are written to: partition keys <c>{topic}#0</c> to <c>{topic}#{n-1}</c>.</summary>
    /// <remarks>
    /// Default <see cref="Core.Sharding.ShardingOptions.DefaultTopicPartitions"/> (16); between 1 and 1,000. Spreading a
    /// topic over several keys keeps a reconnect storm on one popular topic from writing to one hot partition, and lets
    /// a send read the partitions in parallel. Every reader and writer of a table must use the same number: a
    /// subscription written under another count is not found until the client subscribes again.
    /// </remarks>
    public int TopicPartitions { get; init; } = Core.Sharding.ShardingOptions.DefaultTopicPartitions;

    /// <summary>How many segments a broadcast scans in parallel.</summary>
    /// <remarks>Default 4. Between 1 and 1,000,000 (DynamoDB's limit); more segments read a large table faster.</remarks>
    public int ScanSegments { get; init; } = 4;

    /// <summary>Items asked for per Query or Scan page, or null for DynamoDB's own 1 MB pages.</summary>
    /// <remarks>Default null. Tests set a small value to exercise pagination.</remarks>
    public int? PageSize { get; init; }

    /// <summary>How many times one batch of deletes is sent before unprocessed items are given up on.</summary>
    /// <remarks>Default 8 (the first send and seven retries).</remarks>
    public int BatchWriteMaxAttempts { get; init; } = 8;

    /// <summary>The first retry delay for unprocessed batch items; it doubles per retry, with full jitter.</summary>
    /// <remarks>Default 50 ms.</remarks>
    public TimeSpan BatchWriteBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The largest delay between two sends of unprocessed batch items.</summary>
    /// <remarks>Default 2 s, which bounds a fully throttled batch to well under Lambda's usual timeouts.</remarks>
    public TimeSpan BatchWriteMaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ScanSegments, 1, nameof(ScanSegments));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ScanSegments, 1_000_000, nameof(ScanSegments));
        ArgumentOutOfRangeException.ThrowIfLessThan(TopicPartitions, 1, nameof(TopicPartitions));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TopicPartitions, MaxTopicPartitions, nameof(TopicPartitions));
        if (PageSize is { } pageSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1, nameof(PageSize));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BatchWriteMaxAttempts, 1, nameof(BatchWriteMaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchWriteBaseDelay, TimeSpan.Zero, nameof(BatchWriteBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchWriteMaxDelay, BatchWriteBaseDelay, nameof(BatchWriteMaxDelay));
    }
}
