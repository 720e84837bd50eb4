using Microsoft.Extensions.Logging;
using Notifier.Core.Delivery;

namespace Notifier.Core.History;

/// <summary>Log lines of resumes: connection ids, stream names and counts, never message contents.</summary>
internal static partial class ResumeLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Debug, Message = "Connection {ConnectionId} resumed {Streams} streams ({Refused} refused): {Sent} notifications sent")]
    public static partial void Resumed(ILogger logger, string connectionId, int streams, int refused, int sent);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Resume of connection {ConnectionId} stopped after {Sent} notifications: a post answered {Status}")]
    public static partial void PostFailed(ILogger logger, string connectionId, ManagementCallStatus status, int sent);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Resume of connection {ConnectionId} skipped message {Seq} of {Stream}: too large for the connection")]
    public static partial void Skipped(ILogger logger, string connectionId, string stream, long seq);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "Resume of connection {ConnectionId} ran out of time after {Sent} notifications")]
    public static partial void OutOfTime(ILogger logger, string connectionId, int sent);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Error, Message = "Resume of connection {ConnectionId} failed after {Sent} notifications: the history or the store failed")]
    public static partial void Failed(ILogger logger, Exception exception, string connectionId, int sent);
}
