namespace Notifier.Testing.Sharding;

/// <summary>How the stand-in for Lambda's SQS event source runs; the defaults follow serverless.yml except the visibility timeout.</summary>
public sealed class PublishWorkerPoolOptions
{
    /// <summary>Concurrent instances, as the queue's maximum concurrency.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Records per invocation; serverless.yml gives one, so a shard is one invocation's work.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>How long a received record stays hidden; short, so that a test sees redeliveries quickly (AWS: 150 s).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The function's timeout: when the invocation's token fires.</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(25);
}
