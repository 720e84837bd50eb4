using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifier.Testing.Tokens;

/// <summary>Mints tokens for tests: valid ones and the broken or hostile shapes an attacker would send.</summary>
public static class TestTokens
{
    /// <summary>The HS256 secret the tests configure (32 bytes, the minimum).</summary>
    public const string Secret = "test-secret-that-is-32-bytes-long!!";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static SymmetricSecurityKey SecretKey => new(Encoding.UTF8.GetBytes(Secret)) { KeyId = null };

    /// <summary>A token signed with <paramref name="credentials"/> (HS256 with <see cref="Secret"/> by default).</summary>
    public static string Create(
        string? subject = "user-123",
        TimeSpan? expiresIn = null,
        DateTimeOffset? notBefore = null,
        string? issuer = null,
        string? audience = null,
        SigningCredentials? credentials = null,
        IDictionary<string, object>? claims = null,
        bool withExpiry = true)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>(claims ?? new Dictionary<string, object>());
        if (subject is not null)
        {
            payload["sub"] = subject;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Claims = payload,
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = notBefore?.UtcDateTime,
            Expires = withExpiry ? (now + (expiresIn ?? TimeSpan.FromMinutes(10))).UtcDateTime : null,
            SigningCredentials = credentials ?? new SigningCredentials(SecretKey, SecurityAlgorithms.HmacSha256),
        };
        return Handler.CreateToken(descriptor);
    }

    /// <summary>A token whose header and payload are given as raw JSON and whose signature is computed with HMAC-SHA256 over <paramref name="hmacKey"/>.</summary>
    public static string Raw(string headerJson, string payloadJson, byte[]? hmacKey = null, string? signature = null)
    {
        var signingInput = $"{Base64UrlEncoder.Encode(headerJson)}.{Base64UrlEncoder.Encode(payloadJson)}";
        var sig = signature ?? (hmacKey is null
            ? string.Empty
            : Base64UrlEncoder.Encode(HMACSHA256.HashData(hmacKey, Encoding.ASCII.GetBytes(signingInput))));
        return $"{signingInput}.{sig}";
    }

    /// <summary>A payload with sub, exp ten minutes ahead and iat now, for raw tokens.</summary>
    public static string StandardPayload(string subject = "user-123")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $$"""{"sub":"{{subject}}","iat":{{now}},"exp":{{now + 600}}}""";
    }

    public static ClaimsIdentity Identity(string subject) => new([new Claim("sub", subject)]);
}
