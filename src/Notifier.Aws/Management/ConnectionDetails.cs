namespace Notifier.Aws.Management;

/// <summary>What GetConnection reports about one connection.</summary>
/// <param name="ConnectedAt">When API Gateway accepted the connection.</param>
/// <param name="LastActiveAt">When the connection last sent or received a message, if reported.</param>
/// <param name="SourceIp">The client's address, if reported.</param>
/// <param name="UserAgent">The client's user agent, if reported.</param>
public sealed record ConnectionDetails(
    DateTimeOffset ConnectedAt,
    DateTimeOffset? LastActiveAt,
    string? SourceIp,
    string? UserAgent);
