namespace Notifier.Auth.Authorization;

/// <summary>The authorizer's verdict on one handshake, mapped by the edge to API Gateway's answers.</summary>
/// <remarks>
/// <see cref="Kind.Allow"/> becomes an Allow policy, <see cref="Kind.Deny"/> a Deny policy (403),
/// <see cref="Kind.Unauthorized"/> the <c>Unauthorized</c> error (401) and <see cref="Kind.Unavailable"/>
/// any other error (500).
/// </remarks>
public sealed record AuthorizationDecision
{
    private AuthorizationDecision(Kind outcome, string? userId, DateTimeOffset? tokenExpiresAt, string reason, string? topicsContext = null)
    {
        Outcome = outcome;
        UserId = userId;
        TokenExpiresAt = tokenExpiresAt;
        Reason = reason;
        TopicsContext = topicsContext;
    }

    /// <summary>The four answers an authorizer can give API Gateway.</summary>
    public enum Kind
    {
        Allow,
        Deny,
        Unauthorized,
        Unavailable,
    }

    public Kind Outcome { get; }

    /// <summary>The user the connection belongs to; set only for <see cref="Kind.Allow"/>.</summary>
    public string? UserId { get; }

    public DateTimeOffset? TokenExpiresAt { get; }

    /// <summary>The token's topic entries as the authorizer context passes them (a JSON array text); null when there are none.</summary>
    public string? TopicsContext { get; }

    /// <summary>A fixed phrase, safe to log: it never quotes the token or its claims.</summary>
    public string Reason { get; }

    public static AuthorizationDecision Allow(string userId, DateTimeOffset? tokenExpiresAt, string? topicsContext = null) =>
        new(Kind.Allow, userId, tokenExpiresAt, "allowed", topicsContext);

    public static AuthorizationDecision Deny(string reason) => new(Kind.Deny, null, null, reason);

    public static AuthorizationDecision Unauthorized(string reason) => new(Kind.Unauthorized, null, null, reason);

    public static AuthorizationDecision Unavailable(string reason) => new(Kind.Unavailable, null, null, reason);
}
