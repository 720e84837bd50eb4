using Microsoft.Extensions.Logging;

namespace Notifier.Core.Delivery;

/// <summary>The sender's log lines: counts and connection ids, never message content.</summary>
internal static partial class SenderLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Sent {Bytes} bytes to {Recipients} connections: {Delivered} delivered ({Throttled} after throttling), {Gone} gone, {Failed} failed")]
    public static partial void Sent(ILogger logger, int bytes, int recipients, int delivered, int throttled, int gone, int failed);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Delivery to connection {ConnectionId} failed: {Status} {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, string connectionId, ManagementCallStatus status, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Pruning {Count} gone connections failed; their records will expire")]
    public static partial void PruneFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Connection {ConnectionId} throttled; retrying in {Delay} with {Limit} posts in flight")]
    public static partial void Throttled(ILogger logger, string connectionId, TimeSpan delay, int limit);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Connection {ConnectionId} answered 410 within its connect grace; record kept")]
    public static partial void GoneButEstablishing(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Pruning stopped at the caller's deadline: {Count} gone connections left for their TTL to remove")]
    public static partial void PruneCut(ILogger logger, int count);
}
