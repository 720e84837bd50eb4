namespace Notifier.Auth.Tokens;

/// <summary>The algorithms each key source may use; <c>none</c> is never among them.</summary>
/// <remarks>Keeping HMAC and public-key algorithms apart is what rules out HS/RS key confusion.</remarks>
internal static class SupportedAlgorithms
{
    public static readonly IReadOnlySet<string> Symmetric = new HashSet<string>(StringComparer.Ordinal) { "HS256", "HS384", "HS512" };

    public static readonly IReadOnlySet<string> Asymmetric = new HashSet<string>(StringComparer.Ordinal)
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };
}
