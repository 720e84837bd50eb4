namespace Notifier.Aws.Queue;

/// <summary>Tuning for <see cref="SqsShardQueue"/>; the defaults suit a Lambda function.</summary>
public sealed class SqsShardQueueOptions
{
    /// <summary>How many times a batch entry SQS failed on its own side is sent before it is given up on.</summary>
    /// <remarks>Default 4 (the first send and three retries). The SDK retries whole failed calls on its own.</remarks>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first delay before resending failed entries; it doubles per retry, with full jitter.</summary>
    /// <remarks>Default 50 ms.</remarks>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The largest delay between two sends of failed entries.</summary>
    /// <remarks>Default 1 s, which keeps a struggling enqueue well inside a publish invocation's time.</remarks>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many <c>SendMessageBatch</c> calls run at once.</summary>
    /// <remarks>Default 4: a send of a few hundred shards queues in a few round trips without a burst of connections.</remarks>
    public int MaxConcurrentBatches { get; init; } = 4;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentBatches, 1, nameof(MaxConcurrentBatches));
    }
}
