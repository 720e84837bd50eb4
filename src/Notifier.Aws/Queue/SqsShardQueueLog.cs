using Microsoft.Extensions.Logging;

namespace Notifier.Aws.Queue;

/// <summary>Log messages of <see cref="SqsShardQueue"/> (event ids 3300-3399).</summary>
internal static partial class SqsShardQueueLog
{
    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "SendMessageBatch failed {Count} shards of send {SendId} on the service's side ({Code}); retry {Attempt} in {DelayMs} ms")]
    public static partial void EntriesFailed(ILogger logger, int count, string sendId, string code, int attempt, long delayMs);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Error, Message = "SendMessageBatch did not queue {Count} shards of send {SendId}: {Code}")]
    public static partial void EntriesGivenUp(ILogger logger, int count, string sendId, string code);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Error, Message = "SendMessageBatch for {Count} shards of send {SendId} failed")]
    public static partial void RequestFailed(ILogger logger, int count, string sendId, Exception exception);
}
