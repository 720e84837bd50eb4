namespace Notifier.Aws.Events;

/// <summary>One message of a batch to retry.</summary>
public sealed class SqsBatchItemFailure
{
    public required string ItemIdentifier { get; set; }
}
