using Notifier.Core.Connections;

namespace Notifier.Testing.Connections;

/// <summary>Connection records as <c>$connect</c> stores them, opened a chosen while before now.</summary>
/// <remarks>
/// The sender treats a 410 from a connection younger than its connect grace as a socket still opening (retried, record
/// kept), so a test about pruning uses <see cref="Settled"/> records and one about the opening window <see cref="JustConnected"/>.
/// </remarks>
public static class TestRecords
{
    /// <summary>How long ago a <see cref="Settled"/> connection opened: far past any connect grace.</summary>
    public static readonly TimeSpan SettledAge = TimeSpan.FromMinutes(10);

    /// <summary>A record of a connection opened at <paramref name="connectedAt"/>, expiring as <c>$connect</c> would set it.</summary>
    public static ConnectionRecord OpenedAt(string connectionId, string userId, string endpoint, DateTimeOffset connectedAt) =>
        new(connectionId, userId, endpoint, connectedAt, ConnectionLifetime.ExpiresAt(connectedAt));

    /// <summary>A connection open for <see cref="SettledAge"/> before <paramref name="now"/> (default: the system clock): a 410 from it is final.</summary>
    public static ConnectionRecord Settled(string connectionId, string userId, string endpoint, DateTimeOffset? now = null) =>
        OpenedAt(connectionId, userId, endpoint, (now ?? DateTimeOffset.UtcNow) - SettledAge);

    /// <summary>A connection whose <c>$connect</c> ran at <paramref name="now"/> (default: the system clock).</summary>
    public static ConnectionRecord JustConnected(string connectionId, string userId, string endpoint, DateTimeOffset? now = null) =>
        OpenedAt(connectionId, userId, endpoint, now ?? DateTimeOffset.UtcNow);
}
