using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifier.Auth.Tokens;

/// <summary>Signs HS256 tokens with the configured shared secret, for local development and tests.</summary>
/// <remarks>
/// The tokens carry the configured issuer and audience (the first of each), so the authorizer that
/// shares these options accepts them. Production tokens come from the product's own identity provider.
/// </remarks>
public sealed class DevTokenIssuer
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly JwtOptions _options;
    private readonly TimeProvider _timeProvider;

    public DevTokenIssuer(JwtOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Secret is null)
        {
            throw new ArgumentException($"Dev tokens are signed with {JwtOptions.SecretVariable}; it is not set.", nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The claim the authorizer reads topic grants from (<see cref="JwtOptions.TopicsClaim"/>).</summary>
    public string TopicsClaim => _options.TopicsClaim;

    /// <summary>A token for <paramref name="userId"/> that expires after <paramref name="lifetime"/>, with extra string claims.</summary>
    public string Issue(string userId, TimeSpan lifetime, IReadOnlyDictionary<string, object>? claims = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A token's lifetime must be positive.");
        }

        var now = _timeProvider.GetUtcNow();
        var payload = new Dictionary<string, object>(claims ?? new Dictionary<string, object>(), StringComparer.Ordinal)
        {
            [_options.UserIdClaim] = userId,
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = payload,
            Issuer = _options.Issuers.FirstOrDefault(),
            Audience = _options.Audiences.FirstOrDefault(),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_options.Secret!)), SecurityAlgorithms.HmacSha256),
        };
        return Handler.CreateToken(descriptor);
    }
}
