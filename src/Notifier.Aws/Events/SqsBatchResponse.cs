namespace Notifier.Aws.Events;

/// <summary>The partial batch response (<c>ReportBatchItemFailures</c>): only the listed messages return to the queue.</summary>
public sealed class SqsBatchResponse
{
    public List<SqsBatchItemFailure> BatchItemFailures { get; set; } = [];
}
