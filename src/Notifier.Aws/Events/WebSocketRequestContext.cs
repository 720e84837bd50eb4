using System.Text.Json;

namespace Notifier.Aws.Events;

/// <summary>API Gateway's <c>requestContext</c> for WebSocket routes and REQUEST authorizers.</summary>
/// <remarks>Property names follow AWS's JSON exactly (camelCase); every field may be absent in a hostile event.</remarks>
public sealed class WebSocketRequestContext
{
    public string? RouteKey { get; set; }

    /// <summary><c>CONNECT</c>, <c>MESSAGE</c> or <c>DISCONNECT</c>.</summary>
    public string? EventType { get; set; }

    public string? ExtendedRequestId { get; set; }

    public string? RequestTime { get; set; }

    public string? MessageDirection { get; set; }

    public string? Stage { get; set; }

    /// <summary>Epoch milliseconds.</summary>
    public long? ConnectedAt { get; set; }

    /// <summary>Epoch milliseconds.</summary>
    public long? RequestTimeEpoch { get; set; }

    public RequestIdentity? Identity { get; set; }

    public string? RequestId { get; set; }

    public string? MessageId { get; set; }

    public string? DomainName { get; set; }

    public string? ConnectionId { get; set; }

    public string? ApiId { get; set; }

    /// <summary><c>principalId</c> and the authorizer's context; present on every route of an authorized connection.</summary>
    public Dictionary<string, JsonElement>? Authorizer { get; set; }

    public int? DisconnectStatusCode { get; set; }

    public string? DisconnectReason { get; set; }
}
