using Microsoft.Extensions.Logging;

namespace Notifier.Local.Gateway;

/// <summary>The gateway's log lines: connection ids, routes and statuses; never tokens, query strings or message content.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Handshake refused with {StatusCode}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, int statusCode, string reason);

    // Connected and Disconnected are Debug: the $connect and $disconnect handlers log the same at Information, as they would on AWS.
    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Connected {ConnectionId}")]
    public static partial void Connected(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Disconnected {ConnectionId} with {StatusCode} {Reason}")]
    public static partial void Disconnected(ILogger logger, string connectionId, int statusCode, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Route {RouteKey} failed with {StatusCode} for connection {ConnectionId}")]
    public static partial void RouteFailed(ILogger logger, string connectionId, string routeKey, int statusCode);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Session of connection {ConnectionId} failed unexpectedly")]
    public static partial void SessionFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Closing {ConnectionId}: {Reason}")]
    public static partial void Closing(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Management API {Method} refused: {Reason}")]
    public static partial void ManagementRefused(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Backend call {Method} refused: {Reason}")]
    public static partial void BackendCallRefused(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "A {Method} request's body could not be read: {Reason}")]
    public static partial void RequestBodyUnreadable(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Error, Message = "Route {RouteKey} threw for connection {ConnectionId}")]
    public static partial void RouteThrew(ILogger logger, Exception exception, string connectionId, string routeKey);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Route invocations of connection {ConnectionId} still ran after they were cancelled; $disconnect runs anyway")]
    public static partial void InvocationsOutlivedConnection(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Error, Message = "Shard message {MessageId} failed {Receives} times and is dropped, as SQS would move it to the dead-letter queue")]
    public static partial void ShardDropped(ILogger logger, string messageId, int receives);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Error, Message = "The publish function threw on a batch of {Count} shards; they go back to the queue")]
    public static partial void ShardBatchThrew(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Error, Message = "The dashboard could not record a publish answered {Status}; the answer is sent anyway")]
    public static partial void PublishNotObserved(ILogger logger, Exception exception, int status);
}
