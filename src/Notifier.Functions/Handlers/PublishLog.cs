using Microsoft.Extensions.Logging;

namespace Notifier.Functions.Handlers;

/// <summary>The publish function's log lines: message ids and counts, never message content.</summary>
internal static partial class PublishLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Published queue message {MessageId}: {Delivered} delivered, {Gone} gone, {Failed} failed")]
    public static partial void Published(ILogger logger, string messageId, int delivered, int gone, int failed);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Queue message {MessageId} is not a publish request: {Reason}")]
    public static partial void Unreadable(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Publishing {Source} failed before any delivery")]
    public static partial void SendFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "The connection store failed during {What}: answered 503")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string what);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "The deadline is near: {Count} queue messages not started go back to the queue")]
    public static partial void DeadlineReached(ILogger logger, int count);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Queue message {MessageId} was cut short by the deadline after {Delivered} deliveries; it goes back to the queue whole")]
    public static partial void Interrupted(ILogger logger, string messageId, int delivered);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Queue message {MessageId} is a large send: split into {Shards} shards")]
    public static partial void Split(ILogger logger, string messageId, int shards);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Queue message {MessageId} ran shard {ShardId} of send {SendId}: {Status}")]
    public static partial void ShardRan(ILogger logger, string messageId, string sendId, string shardId, Notifier.Core.Sharding.ShardStatus status);
}
