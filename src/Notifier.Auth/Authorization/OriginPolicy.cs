using Notifier.Core.Configuration;

namespace Notifier.Auth.Authorization;

/// <summary>Which web origins may open a connection.</summary>
/// <remarks>
/// Browsers do not apply the same-origin policy to WebSockets: any page can open a socket to us with
/// the user's token if it gets hold of one, so the server checks <c>Origin</c>. With no list
/// configured every origin is allowed; with a list, a handshake without an <c>Origin</c> is refused
/// too (every browser sends one, so only non-browser clients are affected, and they can send one).
/// </remarks>
public sealed class OriginPolicy
{
    public const string AllowedOriginsVariable = "NOTIFIER_ALLOWED_ORIGINS";

    private readonly HashSet<string> _allowed;

    public OriginPolicy(IEnumerable<string> allowedOrigins)
    {
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        _allowed = new HashSet<string>(allowedOrigins.Select(Normalize), StringComparer.OrdinalIgnoreCase);
    }

    public static OriginPolicy AllowAll { get; } = new([]);

    public bool IsRestricted => _allowed.Count > 0;

    public static OriginPolicy FromSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var origins = settings.List(AllowedOriginsVariable);
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Query.Length > 0)
            {
                throw new NotifierConfigurationException(
                    AllowedOriginsVariable,
                    $"'{origin}' is not an origin; write scheme://host[:port], e.g. https://app.example.com");
            }
        }

        return new OriginPolicy(origins);
    }

    public bool IsAllowed(string? origin) =>
        !IsRestricted || (!string.IsNullOrWhiteSpace(origin) && _allowed.Contains(Normalize(origin)));

    private static string Normalize(string origin) => origin.Trim().TrimEnd('/');
}
