using Notifier.Core.Topics;

namespace Notifier.Auth.Tokens;

/// <summary>The outcome of validating one token: the user it names, or why it was refused.</summary>
/// <remarks>Reasons are fixed phrases that never quote the token or its claims, so they are safe to log.</remarks>
public sealed record TokenCheck
{
    private TokenCheck(Kind status, string? userId, DateTimeOffset? expiresAt, string reason, TopicGrants? topics = null)
    {
        Status = status;
        UserId = userId;
        ExpiresAt = expiresAt;
        Reason = reason;
        Topics = topics ?? TopicGrants.None;
    }

    /// <summary>Valid, refused for the token's sake, or not checkable because the keys could not be fetched.</summary>
    public enum Kind
    {
        Valid,
        Invalid,
        KeysUnavailable,
    }

    public Kind Status { get; }

    /// <summary>The user id claim's value; set only when <see cref="Status"/> is <see cref="Kind.Valid"/>.</summary>
    public string? UserId { get; }

    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The topics the token allows subscribing to, beyond the user's own.</summary>
    public TopicGrants Topics { get; }

    public string Reason { get; }

    public static TokenCheck Valid(string userId, DateTimeOffset expiresAt, TopicGrants? topics = null) =>
        new(Kind.Valid, userId, expiresAt, "valid", topics);

    public static TokenCheck Invalid(string reason) => new(Kind.Invalid, null, null, reason);

    /// <summary>The keys could not be fetched: our failure, not the client's.</summary>
    public static TokenCheck KeysUnavailable() => new(Kind.KeysUnavailable, null, null, "signing keys unavailable");
}
