using Microsoft.Extensions.Logging;
using Notifier.Auth.Authorization;

namespace Notifier.Functions.Handlers;

/// <summary>The handlers' log lines: connection ids and outcomes, never tokens, query strings or claims.</summary>
internal static partial class HandlerLog
{
    /// <summary>A refusal is worth a line; an Allow is every connect's routine, and <c>$connect</c> logs the connection anyway.</summary>
    public static void AuthorizerDecided(ILogger logger, string? connectionId, AuthorizationDecision.Kind outcome, string reason) =>
        AuthorizerDecided(logger, outcome == AuthorizationDecision.Kind.Allow ? LogLevel.Debug : LogLevel.Information, connectionId, outcome, reason);

    [LoggerMessage(EventId = 1001, Message = "Authorizer {Outcome} for connection {ConnectionId}: {Reason}")]
    private static partial void AuthorizerDecided(ILogger logger, LogLevel level, string? connectionId, AuthorizationDecision.Kind outcome, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Connected {ConnectionId}")]
    public static partial void Connected(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Refused event for connection {ConnectionId}: {Problem}")]
    public static partial void ConnectRefused(ILogger logger, string? connectionId, string problem);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Connection store failed during {Route} for connection {ConnectionId}")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string route, string connectionId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Disconnected {ConnectionId} with status {StatusCode} ({Reason}); record removed: {Removed}")]
    public static partial void Disconnected(ILogger logger, string connectionId, int? statusCode, string reason, bool removed);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Refused connection {ConnectionId}: its user already holds {MaxPerUser} connections")]
    public static partial void ConnectionCapReached(ILogger logger, string connectionId, int maxPerUser);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Answered message {MessageId} on connection {ConnectionId}")]
    public static partial void MessageAnswered(ILogger logger, string connectionId, string? messageId);
}
