namespace Notifier.Local.Gateway;

/// <summary>One live connection as <c>GET /_local/connections</c> lists it.</summary>
/// <param name="ConnectionId">The connection's id, as the management API takes it.</param>
/// <param name="UserId">The user its token named.</param>
/// <param name="ConnectedAt">When its handshake began.</param>
/// <param name="ConnectedForSeconds">How long it has been open.</param>
/// <param name="LastActiveAt">When it last sent or was sent a message.</param>
/// <param name="MessagesIn">Messages it sent.</param>
/// <param name="MessagesOut">Messages sent to it.</param>
/// <param name="SourceIp">The client's address.</param>
/// <param name="Subprotocol">The subprotocol the connection chose; null when none.</param>
/// <param name="Subscriptions">The topics it is subscribed to, in order; empty when the store cannot say.</param>
internal sealed record LocalConnectionJson(
    string ConnectionId,
    string UserId,
    DateTimeOffset ConnectedAt,
    long ConnectedForSeconds,
    DateTimeOffset LastActiveAt,
    long MessagesIn,
    long MessagesOut,
    string SourceIp,
    string? Subprotocol,
    IReadOnlyList<string> Subscriptions);
