using System.Globalization;
using System.Security.Cryptography;

namespace Notifier.Aws.Signing;

public sealed partial class SigV4Verifier
{
    private string? CheckScopeAndDate(IReadOnlyList<KeyValuePair<string, string>> headers, SigV4Authorization authorization, out string? amzDate)
    {
        amzDate = Single(headers, DateHeader, out var repeated)?.Trim();
        if (amzDate is null || repeated)
        {
            return "exactly one X-Amz-Date header is required";
        }

        if (!authorization.SignedHeaders.Contains(DateHeader) || !authorization.SignedHeaders.Contains("host"))
        {
            return "host and x-amz-date must be signed";
        }

        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return "malformed X-Amz-Date";
        }

        if (!amzDate.StartsWith(authorization.Date, StringComparison.Ordinal))
        {
            return "credential scope date does not match X-Amz-Date";
        }

        if ((_timeProvider.GetUtcNow() - signedAt).Duration() > _options.AllowedSkew)
        {
            return "X-Amz-Date is outside the allowed clock skew";
        }

        if (!string.Equals(authorization.Service, _options.Service, StringComparison.Ordinal))
        {
            return "credential scope names another service";
        }

        return _options.Region is { } region && !string.Equals(authorization.Region, region, StringComparison.Ordinal)
            ? "credential scope names another region"
            : null;
    }

    private string? PayloadHash(IReadOnlyList<KeyValuePair<string, string>> headers, SigV4Authorization authorization, ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        var bodyHash = Hex(SHA256.HashData(body));
        var declared = Single(headers, ContentHashHeader, out var repeated)?.Trim();
        if (declared is null)
        {
            return bodyHash;
        }

        if (repeated || !authorization.SignedHeaders.Contains(ContentHashHeader))
        {
            error = "x-amz-content-sha256 must be sent once and signed";
            return null;
        }

        if (declared == UnsignedPayload)
        {
            error = _options.AllowUnsignedPayload ? null : "unsigned payloads are not accepted";
            return _options.AllowUnsignedPayload ? declared : null;
        }

        if (!string.Equals(declared, bodyHash, StringComparison.Ordinal))
        {
            error = "x-amz-content-sha256 does not match the body";
            return null;
        }

        return declared;
    }

    private static string? Single(IReadOnlyList<KeyValuePair<string, string>> headers, string name, out bool repeated)
    {
        string? value = null;
        repeated = false;
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                repeated |= value is not null;
                value = header.Value ?? "";
            }
        }

        return value;
    }
}
