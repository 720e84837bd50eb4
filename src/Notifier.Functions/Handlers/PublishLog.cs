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
}
