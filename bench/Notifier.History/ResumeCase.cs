namespace Notifier.History;

/// <summary>One way of answering a resume of a stream's missed messages, and its timings.</summary>
/// <param name="Name">The history and the path, e.g. "StreamResumer, DynamoDB history".</param>
/// <param name="Resume">One resume from seq 0; returns how many notifications reached the caller.</param>
internal sealed record ResumeCase(string Name, Func<Task<int>> Resume)
{
    /// <summary>Each timed resume's time, in milliseconds.</summary>
    public List<double> Times { get; } = [];

    /// <summary>DynamoDB calls per resume, when the case reads DynamoDB; null otherwise.</summary>
    public double? DynamoDbCalls { get; set; }
}
