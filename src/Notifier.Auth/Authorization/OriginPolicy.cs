using Notifier.Core.Configuration;

namespace Notifier.Auth.Authorization;

/// <summary>Which web origins may open a connection.</summary>
/// <remarks>
/// <para>Browsers do not apply the same-origin policy to WebSockets: any page can open a socket to us with
/// the user's token if it gets hold of one, so the server checks <c>Origin</c>. With no list
/// configured every origin is allowed; with a list, a handshake without an <c>Origin</c> is refused
/// too (every browser sends one, so only non-browser clients are affected, and they can send one).</para>
/// <para>Configured origins are written as browsers serialise them (RFC 6454): scheme and host in lower case, the
/// host in punycode, no default port. A setting that could never match what a browser sends (a path, a query, a
/// fragment, user info, a scheme other than http or https) fails the cold start instead of silently refusing
/// every handshake.</para>
/// </remarks>
public sealed class OriginPolicy
{
    public const string AllowedOriginsVariable = "NOTIFIER_ALLOWED_ORIGINS";

    private readonly HashSet<string> _allowed;

    public OriginPolicy(IEnumerable<string> allowedOrigins)
    {
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        _allowed = new HashSet<string>(allowedOrigins.Select(Serialize), StringComparer.OrdinalIgnoreCase);
    }

    public static OriginPolicy AllowAll { get; } = new([]);

    public bool IsRestricted => _allowed.Count > 0;

    /// <summary>The origins as they are compared with a handshake's <c>Origin</c> header.</summary>
    public IReadOnlyCollection<string> AllowedOrigins => _allowed;

    /// <summary>Reads <see cref="AllowedOriginsVariable"/>; unset or empty allows every origin.</summary>
    /// <exception cref="NotifierConfigurationException">The setting names no origin, or an entry that no browser would send.</exception>
    public static OriginPolicy FromSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var origins = settings.List(AllowedOriginsVariable);
        if (origins.Count == 0 && settings.Optional(AllowedOriginsVariable) is not null)
        {
            throw new NotifierConfigurationException(
                AllowedOriginsVariable,
                "is set but names no origin; list origins such as https://app.example.com, or leave it unset to allow any origin");
        }

        return new OriginPolicy(origins);
    }

    public bool IsAllowed(string? origin) =>
        !IsRestricted || (!string.IsNullOrWhiteSpace(origin) && _allowed.Contains(origin.Trim()));

    /// <summary>An origin as a browser sends it, or the configuration error that says why it can never match.</summary>
    private static string Serialize(string origin)
    {
        var text = origin.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw Invalid(text, "it is not an absolute URL");
        }

        var problem = uri switch
        {
            _ when uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp => "browsers send only http and https origins here",
            _ when uri.UserInfo.Length > 0 => "an origin has no user info",
            _ when uri.AbsolutePath != "/" || text.EndsWith("/.", StringComparison.Ordinal) => "an origin has no path",
            _ when uri.Query.Length > 0 || text.Contains('?', StringComparison.Ordinal) => "an origin has no query",
            _ when uri.Fragment.Length > 0 || text.Contains('#', StringComparison.Ordinal) => "an origin has no fragment",
            _ => null,
        };
        if (problem is not null)
        {
            throw Invalid(text, problem);
        }

        // Uri lower-cases the scheme and host; IdnHost is a name in punycode, as the Origin header carries it
        // (Host keeps an IPv6 address's brackets, which IdnHost drops).
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        var port = uri.IsDefaultPort ? string.Empty : $":{uri.Port}";
        return $"{uri.Scheme}://{host}{port}";
    }

    private static NotifierConfigurationException Invalid(string origin, string why) => new(
        AllowedOriginsVariable,
        $"'{origin}' can never match a browser's Origin header: {why}; write scheme://host[:port], e.g. https://app.example.com");
}
