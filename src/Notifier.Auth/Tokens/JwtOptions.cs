using System.Text;
using Notifier.Core.Configuration;

namespace Notifier.Auth.Tokens;

/// <summary>How tokens are validated: the key source, the expected issuer and audience, and the claims used.</summary>
/// <remarks>
/// Exactly one key source is used: an HS256 <see cref="Secret"/>, a <see cref="JwksUrl"/>, or an OIDC
/// <see cref="Authority"/> whose discovery document names the JWKS. Defaults are the secure ones:
/// signed tokens only, <c>exp</c> required, one minute of clock skew (at most five), algorithms
/// limited to what the key source can verify.
/// </remarks>
public sealed class JwtOptions
{
    public const string SecretVariable = "NOTIFIER_JWT_SECRET";
    public const string JwksUrlVariable = "NOTIFIER_JWT_JWKS_URL";
    public const string AuthorityVariable = "NOTIFIER_JWT_AUTHORITY";
    public const string IssuerVariable = "NOTIFIER_JWT_ISSUER";
    public const string AudienceVariable = "NOTIFIER_JWT_AUDIENCE";
    public const string AlgorithmsVariable = "NOTIFIER_JWT_ALGORITHMS";
    public const string ClockSkewVariable = "NOTIFIER_JWT_CLOCK_SKEW_SECONDS";
    public const string UserIdClaimVariable = "NOTIFIER_USER_ID_CLAIM";
    public const string TopicsClaimVariable = "NOTIFIER_TOPICS_CLAIM";
    public const string KeyFetchTimeoutVariable = "NOTIFIER_JWT_KEYS_TIMEOUT_SECONDS";

    /// <summary>Shortest HS256 secret accepted, in bytes (256 bits, as RFC 7518 requires).</summary>
    public const int MinimumSecretBytes = 32;

    public static readonly TimeSpan MaximumClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Longest key fetch allowed: the authorizer function's 6-second timeout (serverless.yml) less a second for the rest of the handshake.</summary>
    /// <remarks>A fetch that could outlast the function would end as a Lambda timeout (a 500 without a logged reason) instead of "keys unavailable".</remarks>
    public static readonly TimeSpan MaximumKeyFetchTimeout = TimeSpan.FromSeconds(5);

    public string? Secret { get; init; }

    public Uri? JwksUrl { get; init; }

    public Uri? Authority { get; init; }

    /// <summary>Accepted <c>iss</c> values; not checked when empty.</summary>
    public IReadOnlyList<string> Issuers { get; init; } = [];

    /// <summary>Accepted <c>aud</c> values; not checked when empty.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>Accepted <c>alg</c> values; empty means HS256 for a secret, RS256 and ES256 for public keys.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = [];

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The claim that holds the user id (<c>sub</c> by default).</summary>
    public string UserIdClaim { get; init; } = "sub";

    /// <summary>The claim that lists the topics a connection may subscribe to (<c>topics</c> by default).</summary>
    /// <remarks>An array of topic names, or one name; an entry ending in <c>*</c> allows every topic with that prefix.</remarks>
    public string TopicsClaim { get; init; } = "topics";

    /// <summary>How long one fetch of the JWKS or discovery document may take.</summary>
    public TimeSpan KeyFetchTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Shortest time between two key refreshes caused by an unknown <c>kid</c>.</summary>
    public TimeSpan KeyRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    public bool UsesSymmetricKey => Secret is not null;

    public IReadOnlyList<string> EffectiveAlgorithms =>
        Algorithms.Count > 0 ? Algorithms : UsesSymmetricKey ? ["HS256"] : ["RS256", "ES256"];

    /// <summary>Reads the options from <c>NOTIFIER_JWT_*</c> settings and validates them.</summary>
    public static JwtOptions FromSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new JwtOptions
        {
            Secret = settings.Optional(SecretVariable),
            JwksUrl = settings.AbsoluteUri(JwksUrlVariable),
            Authority = settings.AbsoluteUri(AuthorityVariable),
            Issuers = settings.List(IssuerVariable),
            Audiences = settings.List(AudienceVariable),
            Algorithms = settings.List(AlgorithmsVariable),
            ClockSkew = TimeSpan.FromSeconds(settings.Integer(ClockSkewVariable, 60, 0, (int)MaximumClockSkew.TotalSeconds)),
            UserIdClaim = settings.Optional(UserIdClaimVariable) ?? "sub",
            TopicsClaim = settings.Optional(TopicsClaimVariable) ?? "topics",
            KeyFetchTimeout = TimeSpan.FromSeconds(settings.Integer(KeyFetchTimeoutVariable, 5, 1, (int)MaximumKeyFetchTimeout.TotalSeconds)),
        };
        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="NotifierConfigurationException"/> naming the setting at fault.</summary>
    public void Validate()
    {
        var sources = (Secret is null ? 0 : 1) + (JwksUrl is null ? 0 : 1) + (Authority is null ? 0 : 1);
        if (sources != 1)
        {
            throw new NotifierConfigurationException(
                SecretVariable,
                $"set exactly one key source: {SecretVariable} (HS256), {JwksUrlVariable} or {AuthorityVariable}");
        }

        if (Secret is not null && Encoding.UTF8.GetByteCount(Secret) < MinimumSecretBytes)
        {
            throw new NotifierConfigurationException(SecretVariable, $"must be at least {MinimumSecretBytes} bytes long for HS256");
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > MaximumClockSkew)
        {
            throw new NotifierConfigurationException(ClockSkewVariable, "must be between 0 and 300 seconds");
        }

        if (KeyFetchTimeout <= TimeSpan.Zero || KeyFetchTimeout > MaximumKeyFetchTimeout)
        {
            throw new NotifierConfigurationException(
                KeyFetchTimeoutVariable,
                $"must be from 1 to {MaximumKeyFetchTimeout.TotalSeconds:0} seconds, within the authorizer's 6-second function timeout");
        }

        foreach (var algorithm in EffectiveAlgorithms)
        {
            var allowed = UsesSymmetricKey ? SupportedAlgorithms.Symmetric : SupportedAlgorithms.Asymmetric;
            if (!allowed.Contains(algorithm))
            {
                throw new NotifierConfigurationException(
                    AlgorithmsVariable,
                    $"'{algorithm}' cannot be used with this key source; allowed: {string.Join(", ", allowed)}");
            }
        }

        if (string.IsNullOrWhiteSpace(UserIdClaim))
        {
            throw new NotifierConfigurationException(UserIdClaimVariable, "must name a claim");
        }

        if (string.IsNullOrWhiteSpace(TopicsClaim) || string.Equals(TopicsClaim, UserIdClaim, StringComparison.Ordinal))
        {
            throw new NotifierConfigurationException(TopicsClaimVariable, "must name a claim other than the user id claim");
        }
    }
}
