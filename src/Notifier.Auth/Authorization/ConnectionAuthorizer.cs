using System.Text;
using Notifier.Auth.Tokens;
using Notifier.Core.Topics;

namespace Notifier.Auth.Authorization;

/// <summary>Decides whether a WebSocket handshake may connect, and as which user.</summary>
public sealed class ConnectionAuthorizer
{
    private const string BearerPrefix = "Bearer ";

    private readonly TokenValidator _tokens;
    private readonly OriginPolicy _origins;

    public ConnectionAuthorizer(TokenValidator tokens, OriginPolicy origins)
    {
        _tokens = tokens;
        _origins = origins;
    }

    /// <summary>Checks the origin, finds the one token offered, and validates it. Never throws on bad input.</summary>
    public async ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_origins.IsAllowed(request.Origin))
        {
            return AuthorizationDecision.Deny("origin not allowed");
        }

        var (token, problem) = FindToken(request);
        if (problem is not null)
        {
            return problem;
        }

        var check = await _tokens.ValidateAsync(token, cancellationToken).ConfigureAwait(false);
        return check.Status switch
        {
            TokenCheck.Kind.Valid => Allow(check),
            TokenCheck.Kind.KeysUnavailable => AuthorizationDecision.Unavailable(check.Reason),
            _ => AuthorizationDecision.Deny(check.Reason),
        };
    }

    /// <summary>
    /// Allows with the token's topic entries as one context string. API Gateway limits the whole authorizer
    /// result to 8 KB, so entries over <see cref="TopicGrants.MaximumEncodedBytes"/> are a Deny with a logged
    /// reason: truncating them would silently take permissions away.
    /// </summary>
    private static AuthorizationDecision Allow(TokenCheck check)
    {
        if (check.Topics.Entries.Count == 0)
        {
            return AuthorizationDecision.Allow(check.UserId!, check.ExpiresAt);
        }

        var topics = check.Topics.Encode();
        return Encoding.UTF8.GetByteCount(topics) > TopicGrants.MaximumEncodedBytes
            ? AuthorizationDecision.Deny($"topics claim is over {TopicGrants.MaximumEncodedBytes} bytes")
            : AuthorizationDecision.Allow(check.UserId!, check.ExpiresAt, topics);
    }

    /// <summary>The one token offered, in the query, the <c>Authorization</c> header or both; two different ones are a Deny.</summary>
    private static (string? Token, AuthorizationDecision? Problem) FindToken(AuthorizationRequest request)
    {
        // The one distinct non-blank query value, if any (a loop rather than LINQ: this runs on every handshake).
        string? queryToken = null;
        for (var i = 0; i < request.QueryTokens.Count; i++)
        {
            var value = request.QueryTokens[i];
            if (string.IsNullOrWhiteSpace(value) || string.Equals(value, queryToken, StringComparison.Ordinal))
            {
                continue;
            }

            if (queryToken is not null)
            {
                return (null, AuthorizationDecision.Deny("more than one token offered"));
            }

            queryToken = value;
        }

        // Every Authorization value counts: taking the first would let the order of the headers pick the user.
        string? headerToken = null;
        for (var i = 0; i < request.AuthorizationHeaders.Count; i++)
        {
            var header = request.AuthorizationHeaders[i]?.Trim();
            if (string.IsNullOrEmpty(header))
            {
                continue;
            }

            if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return (null, AuthorizationDecision.Deny("authorization header is not a bearer token"));
            }

            var value = header[BearerPrefix.Length..].Trim();
            if (value.Length == 0 || string.Equals(value, headerToken, StringComparison.Ordinal))
            {
                continue;
            }

            if (headerToken is not null)
            {
                return (null, AuthorizationDecision.Deny("more than one token offered"));
            }

            headerToken = value;
        }

        if (queryToken is not null && !string.IsNullOrEmpty(headerToken) && headerToken != queryToken)
        {
            return (null, AuthorizationDecision.Deny("more than one token offered"));
        }

        var token = queryToken ?? headerToken;
        return string.IsNullOrEmpty(token)
            ? (null, AuthorizationDecision.Unauthorized("no token"))
            : (token, null);
    }
}
