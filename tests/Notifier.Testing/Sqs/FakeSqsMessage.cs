namespace Notifier.Testing.Sqs;

/// <summary>A message held by <see cref="FakeSqsQueue"/>; mutated only under the server's lock.</summary>
internal sealed class FakeSqsMessage(string messageId, string body, DateTimeOffset sentAt, DateTimeOffset visibleAt)
{
    public string MessageId { get; } = messageId;

    public string Body { get; } = body;

    public DateTimeOffset SentAt { get; } = sentAt;

    /// <summary>When the message may next be received: its delay or the end of its visibility timeout.</summary>
    public DateTimeOffset VisibleAt { get; set; } = visibleAt;

    public int ReceiveCount { get; set; }

    public DateTimeOffset? FirstReceivedAt { get; set; }

    /// <summary>The handle of the latest receive; null before the first.</summary>
    public string? ReceiptHandle { get; set; }

    public bool IsVisible(DateTimeOffset now) => VisibleAt <= now;

    public bool IsInFlight(DateTimeOffset now) => ReceiveCount > 0 && VisibleAt > now;
}
