namespace Notifier.Auth.Authorization;

/// <summary>The authorizer's verdict, mapped by the edge to API Gateway's answers.</summary>
/// <remarks>
/// <see cref="AuthorizationOutcome.Allow"/> becomes an Allow policy, <see cref="AuthorizationOutcome.Deny"/>
/// a Deny policy (403), <see cref="AuthorizationOutcome.Unauthorized"/> the <c>Unauthorized</c> error
/// (401) and <see cref="AuthorizationOutcome.Unavailable"/> any other error (500).
/// </remarks>
public sealed record AuthorizationDecision
{
    private AuthorizationDecision(AuthorizationOutcome outcome, string? userId, DateTimeOffset? tokenExpiresAt, string reason, string? topicsContext = null)
    {
        TopicsContext = topicsContext;
        Outcome = outcome;
        UserId = userId;
        TokenExpiresAt = tokenExpiresAt;
        Reason = reason;
    }

    public AuthorizationOutcome Outcome { get; }

    /// <summary>The user the connection belongs to; set only for <see cref="AuthorizationOutcome.Allow"/>.</summary>
    public string? UserId { get; }

    public DateTimeOffset? TokenExpiresAt { get; }

    /// <summary>The token's topic entries as the authorizer context passes them (a JSON array text); null when there are none.</summary>
    public string? TopicsContext { get; }

    /// <summary>A fixed phrase, safe to log: it never quotes the token or its claims.</summary>
    public string Reason { get; }

    public static AuthorizationDecision Allow(string userId, DateTimeOffset? tokenExpiresAt, string? topicsContext = null) =>
        new(AuthorizationOutcome.Allow, userId, tokenExpiresAt, "allowed", topicsContext);

    public static AuthorizationDecision Deny(string reason) => new(AuthorizationOutcome.Deny, null, null, reason);

    public static AuthorizationDecision Unauthorized(string reason) => new(AuthorizationOutcome.Unauthorized, null, null, reason);

    public static AuthorizationDecision Unavailable(string reason) => new(AuthorizationOutcome.Unavailable, null, null, reason);
}
