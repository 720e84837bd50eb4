using Microsoft.Extensions.Logging;
using Notifier.Core.Delivery;

namespace Notifier.Aws.Management;

/// <summary>Log messages of <see cref="ManagementApiClient"/> (event ids 3200-3299).</summary>
internal static partial class ManagementApiClientLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "{Operation} for connection {ConnectionId} ended {Status}: {Detail}")]
    public static partial void Answered(ILogger logger, string operation, string connectionId, ManagementCallStatus status, string? detail);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "{Operation} for connection {ConnectionId} failed transiently: {Detail}")]
    public static partial void TransientFailure(ILogger logger, string operation, string connectionId, string detail, Exception? exception);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "{Operation} for connection {ConnectionId} was sent but not answered, so it may have been delivered; not retried: {Detail}")]
    public static partial void Unconfirmed(ILogger logger, string operation, string connectionId, string detail, Exception? exception);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Error, Message = "{Operation} for connection {ConnectionId} was not sent: the endpoint is not an absolute http(s) URL")]
    public static partial void InvalidEndpoint(ILogger logger, string operation, string connectionId);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "GetConnection for connection {ConnectionId} answered 200 with a body that is not a connection")]
    public static partial void MalformedConnection(ILogger logger, string connectionId, Exception? exception);
}
