namespace Notifier.Core.Connections;

/// <summary>How long a connection record is kept when no <c>$disconnect</c> removes it.</summary>
/// <remarks>
/// API Gateway closes every WebSocket after two hours, so a record older than that plus a margin
/// belongs to a connection whose <c>$disconnect</c> never came. The margin covers clock skew between
/// API Gateway's <c>connectedAt</c> and the store, and DynamoDB's lazy TTL deletion.
/// </remarks>
public static class ConnectionLifetime
{
    /// <summary>API Gateway's maximum connection duration.</summary>
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromHours(2);

    /// <summary>Extra time before an orphaned record expires.</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(15);

    /// <summary>When a record for a connection accepted at <paramref name="connectedAt"/> expires.</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset connectedAt) => connectedAt + MaximumDuration + ExpiryMargin;
}
