using Notifier.Core.Delivery;

namespace Notifier.History;

/// <summary>One send case's timings and DynamoDB calls over the timed rounds.</summary>
/// <param name="Target">What the send goes to, e.g. "a user with 1,000 connections".</param>
/// <param name="WithHistory">Whether the sender appends to a <c>DynamoDbMessageHistory</c> first.</param>
/// <param name="Send">One send; returns its report.</param>
internal sealed record PublishCase(string Target, bool WithHistory, Func<Task<DeliveryReport>> Send)
{
    /// <summary>Each timed send's time, in milliseconds.</summary>
    public List<double> Times { get; } = [];

    /// <summary>Each timed round's median, in milliseconds.</summary>
    public List<double> RoundMedians { get; } = [];

    public long Sends { get; set; }

    public long Writes { get; set; }

    public long Calls { get; set; }

    /// <summary>DynamoDB calls per operation over the timed sends.</summary>
    public Dictionary<string, long> Operations { get; } = new(StringComparer.Ordinal);

    public string Name => WithHistory ? "with history (DynamoDB)" : "without history (the peer)";
}
