using Notifier.Core.Delivery;

namespace Notifier.Aws.Management;

/// <summary>What one GetConnection call came to.</summary>
/// <param name="Status">
/// <see cref="ManagementCallStatus.Succeeded"/> when the connection was found (then <paramref name="Connection"/> is set);
/// otherwise the same mapping as a post, e.g. <see cref="ManagementCallStatus.Gone"/> for 410.
/// </param>
/// <param name="Connection">The connection's details; null unless found.</param>
/// <param name="Detail">A short explanation (HTTP status and error type, a timeout); null when found.</param>
public sealed record ConnectionInfoResult(ManagementCallStatus Status, ConnectionDetails? Connection = null, string? Detail = null)
{
    /// <summary>True when the connection exists and its details were read.</summary>
    public bool Found => Status == ManagementCallStatus.Succeeded && Connection is not null;
}
