using Notifier.Core.Configuration;

namespace Notifier.Functions.Handlers;

/// <summary>How many open connections one user may hold; <c>$connect</c> refuses the next one with 429.</summary>
/// <remarks>
/// One valid token could otherwise open connections until the account's limits are reached, and every one of
/// them costs a record and a post per notification. The count is the user's live records, read from the
/// store's by-user index before the new one is written: concurrent handshakes of one user can pass it by a
/// few, and a record whose <c>$disconnect</c> was lost counts until it expires (2 h 15 min), so the default
/// leaves room for many tabs and devices. 0 turns the cap off.
/// </remarks>
internal sealed record ConnectionCap(int MaxPerUser)
{
    public const string Variable = "NOTIFIER_MAX_CONNECTIONS_PER_USER";

    public const int DefaultMaxPerUser = 20;

    public bool IsLimited => MaxPerUser > 0;

    public static ConnectionCap FromSettings(SettingsReader settings) =>
        new(settings.Integer(Variable, DefaultMaxPerUser, min: 0, max: 10_000));

    /// <summary>Whether a user who holds <paramref name="openConnections"/> may open one more.</summary>
    public bool Allows(int openConnections) => !IsLimited || openConnections < MaxPerUser;
}
