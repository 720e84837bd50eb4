namespace Notifier.Core.Connections;

/// <summary>One open WebSocket connection, as the store keeps it.</summary>
/// <param name="ConnectionId">API Gateway's connection id; opaque, may contain <c>=</c>, <c>+</c> and <c>/</c>.</param>
/// <param name="UserId">The authorizer's <c>principalId</c>.</param>
/// <param name="Endpoint">The management API base URL that reaches this connection, e.g. <c>https://{domain}/{stage}</c>.</param>
/// <param name="ConnectedAt">When API Gateway accepted the connection.</param>
/// <param name="ExpiresAt">When the record may be dropped even without a <c>$disconnect</c>.</param>
/// <param name="SourceIp">The client's address, for diagnostics.</param>
/// <param name="Protocol">The subprotocol <c>$connect</c> chose, e.g. <c>notifier.v1</c> (<see cref="Delivery.NotificationEnvelope.Protocol"/>); null for none.</param>
public sealed record ConnectionRecord(
    string ConnectionId,
    string UserId,
    string Endpoint,
    DateTimeOffset ConnectedAt,
    DateTimeOffset ExpiresAt,
    string? SourceIp = null,
    string? Protocol = null);
