namespace Notifier.Aws.Events;

/// <summary>One SQS message in a batch: its id (to report a failure) and its body.</summary>
public sealed class SqsMessage
{
    public string? MessageId { get; set; }

    public string? Body { get; set; }

    public string? EventSource { get; set; }
}
