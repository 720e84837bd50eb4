namespace Notifier.Aws.Events;

/// <summary>A WebSocket route event reduced to what our handlers need, every field checked and non-null.</summary>
public sealed record ConnectionContext(
    string ConnectionId,
    string UserId,
    string DomainName,
    string Stage,
    DateTimeOffset ConnectedAt,
    string? SourceIp)
{
    /// <summary>Reads the context of an authorized connection; null with a reason when a required field is missing.</summary>
    public static ConnectionContext? TryRead(WebSocketEvent webSocketEvent, TimeProvider timeProvider, out string problem)
    {
        ArgumentNullException.ThrowIfNull(webSocketEvent);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var context = webSocketEvent.RequestContext;
        problem = context switch
        {
            null => "event has no requestContext",
            { ConnectionId: null or "" } => "event has no connectionId",
            _ when PrincipalId(context) is null => "event has no authorizer principalId",
            _ => string.Empty,
        };
        if (problem.Length > 0)
        {
            return null;
        }

        var connectedAt = context!.ConnectedAt is { } epochMs and > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(epochMs)
            : timeProvider.GetUtcNow();
        return new ConnectionContext(
            context.ConnectionId!,
            PrincipalId(context)!,
            context.DomainName ?? string.Empty,
            context.Stage ?? string.Empty,
            connectedAt,
            context.Identity?.SourceIp);
    }

    private static string? PrincipalId(WebSocketRequestContext context) =>
        context.Authorizer is { } authorizer
        && authorizer.TryGetValue("principalId", out var value)
        && value.ValueKind == System.Text.Json.JsonValueKind.String
        && !string.IsNullOrEmpty(value.GetString())
            ? value.GetString()
            : null;
}
