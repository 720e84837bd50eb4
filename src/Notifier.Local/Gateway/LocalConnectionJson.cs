namespace Notifier.Local.Gateway;

/// <summary>One live connection as <c>GET /_local/connections</c> lists it.</summary>
internal sealed record LocalConnectionJson(
    string ConnectionId,
    string UserId,
    DateTimeOffset ConnectedAt,
    long ConnectedForSeconds,
    DateTimeOffset LastActiveAt,
    long MessagesIn,
    long MessagesOut,
    string SourceIp);
