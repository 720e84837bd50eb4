namespace Notifier.Local.Monitoring;

/// <summary>A WebSocket upgrade request and how it was answered: 101 when upgraded, else the refusal's status and reason.</summary>
/// <param name="Allowed">True when the socket was upgraded.</param>
/// <param name="Status">The HTTP status answered.</param>
/// <param name="Reason">Why it was refused (the gateway's check, the authorizer's verdict, or <c>$connect</c>'s answer); null when allowed.</param>
/// <param name="Subprotocol">The subprotocol chosen; null when none was or the handshake was refused.</param>
/// <param name="SourceIp">The client's address.</param>
internal sealed record HandshakeEvent(bool Allowed, int Status, string? Reason, string? Subprotocol, string SourceIp) : FeedEvent
{
    public override string Kind => "handshake";
}
