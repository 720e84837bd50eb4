using System.Text.Json;
using Notifier.Core.Topics;

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
    /// <summary>The topics the connection's token allows, from the authorizer context's <c>topics</c> entry.</summary>
    public TopicGrants Topics { get; init; } = TopicGrants.None;

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
            context.Identity?.SourceIp)
        {
            Topics = TopicGrants.Decode(AuthorizerString(context, TopicGrants.ContextKey)),
        };
    }

    private static string? PrincipalId(WebSocketRequestContext context) =>
        AuthorizerString(context, "principalId") is { Length: > 0 } principalId ? principalId : null;

    private static string? AuthorizerString(WebSocketRequestContext context, string key) =>
        context.Authorizer is { } authorizer
        && authorizer.TryGetValue(key, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
