using Microsoft.Extensions.Logging;

namespace Notifier.Aws.Connections;

/// <summary>Log messages of <see cref="DynamoDbConnectionStore"/> (event ids 3100-3199).</summary>
internal static partial class DynamoDbConnectionStoreLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "DynamoDB {Operation} on table {TableName} failed")]
    public static partial void RequestFailed(ILogger logger, string operation, string tableName, Exception exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "BatchWriteItem left {Count} deletes unprocessed on table {TableName}; retry {Attempt} in {DelayMs} ms")]
    public static partial void UnprocessedDeletes(ILogger logger, int count, string tableName, int attempt, long delayMs);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "BatchWriteItem gave up on {Count} deletes on table {TableName} after {Attempts} attempts")]
    public static partial void UnprocessedDeletesGivenUp(ILogger logger, int count, string tableName, int attempts);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Skipped a malformed item in table {TableName}")]
    public static partial void MalformedItem(ILogger logger, string tableName);
}
