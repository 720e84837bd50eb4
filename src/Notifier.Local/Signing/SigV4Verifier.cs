using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;

namespace Notifier.Local.Signing;

/// <summary>
/// Checks the AWS Signature Version 4 <c>Authorization</c> header of an incoming request: the local gateway's
/// guard on its management API, so callers must sign exactly as they would for API Gateway.
/// </summary>
/// <remarks>
/// The canonical request is built here, from the request exactly as received (the SDK canonicalises only requests it
/// sends, and does not expose that step); the string to sign, the signing key and the signature are the SDK's
/// <see cref="AWS4Signer.ComputeSignature(string, string, string, DateTime, string, string, string)"/>. It accepts header signatures only (no presigned URLs, no chunked uploads) and requires <c>host</c> and
/// <c>x-amz-date</c> to be signed. A body is covered by its SHA-256: <c>x-amz-content-sha256</c>, when sent,
/// must be signed and must match the body. Session tokens are not checked against any issuer.
/// <see cref="Verify"/> never throws on what a client sends; every flaw is an <see cref="SigV4VerificationStatus.Invalid"/> result.
/// </remarks>
internal sealed class SigV4Verifier
{
    private const string DateHeader = "x-amz-date";
    private const string ContentHashHeader = "x-amz-content-sha256";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private readonly Func<string, string?> _secretLookup;
    private readonly SigV4VerifierOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier.</summary>
    /// <param name="secretLookup">Returns the secret access key for an access key id, or null when the key is unknown.</param>
    /// <param name="options">What to accept; null for the defaults (service <c>execute-api</c>, any region, 5 minutes skew).</param>
    /// <param name="timeProvider">The clock <c>X-Amz-Date</c> is compared with; null for the system clock.</param>
    public SigV4Verifier(Func<string, string?> secretLookup, SigV4VerifierOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(secretLookup);
        _secretLookup = secretLookup;
        _options = options ?? new SigV4VerifierOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies <paramref name="request"/>'s signature.</summary>
    public SigV4VerificationResult Verify(SigV4Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers ?? [];

        var authorizationValue = Single(headers, "authorization", out var repeated);
        if (repeated)
        {
            return SigV4VerificationResult.Invalid("more than one Authorization header");
        }

        if (authorizationValue is null)
        {
            return (request.RawQuery ?? "").Contains("X-Amz-Signature=", StringComparison.OrdinalIgnoreCase)
                ? SigV4VerificationResult.Invalid("presigned URLs are not supported")
                : SigV4VerificationResult.Missing;
        }

        if (!SigV4Authorization.TryParse(authorizationValue, out var authorization, out var parseError))
        {
            return SigV4VerificationResult.Invalid(parseError);
        }

        var scopeError = CheckScopeAndDate(headers, authorization!, out var signedAt);
        if (scopeError is not null)
        {
            return SigV4VerificationResult.Invalid(scopeError);
        }

        var payloadHash = PayloadHash(headers, authorization!, request.Body.Span, out var payloadError);
        if (payloadHash is null)
        {
            return SigV4VerificationResult.Invalid(payloadError!);
        }

        var canonicalHeaders = SigV4Canonical.CanonicalHeaders(headers, authorization!.SignedHeaders, out var missing);
        if (canonicalHeaders is null)
        {
            return SigV4VerificationResult.Invalid($"signed header '{missing}' is not in the request");
        }

        var secret = _secretLookup(authorization.AccessKeyId);
        if (secret is null)
        {
            return SigV4VerificationResult.Invalid("unknown access key");
        }

        var signedHeaders = string.Join(';', authorization.SignedHeaders);
        var canonicalRequest = string.Join(
            '\n',
            request.Method ?? "",
            SigV4Canonical.CanonicalUri(string.IsNullOrEmpty(request.RawPath) ? "/" : request.RawPath),
            SigV4Canonical.CanonicalQuery(request.RawQuery ?? ""),
            canonicalHeaders,
            signedHeaders,
            payloadHash);
        var expected = AWS4Signer.ComputeSignature(
            authorization.AccessKeyId, secret, authorization.Region, signedAt, authorization.Service, signedHeaders, canonicalRequest);
        return SignaturesEqual(expected.Signature, authorization.Signature)
            ? SigV4VerificationResult.Valid(authorization.AccessKeyId)
            : SigV4VerificationResult.Invalid("signature does not match");
    }

    private string? CheckScopeAndDate(IReadOnlyList<KeyValuePair<string, string>> headers, SigV4Authorization authorization, out DateTime signedAt)
    {
        signedAt = default;
        var amzDate = Single(headers, DateHeader, out var repeated)?.Trim();
        if (amzDate is null || repeated)
        {
            return "exactly one X-Amz-Date header is required";
        }

        if (!authorization.SignedHeaders.Contains(DateHeader) || !authorization.SignedHeaders.Contains("host"))
        {
            return "host and x-amz-date must be signed";
        }

        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out signedAt))
        {
            return "malformed X-Amz-Date";
        }

        if (!amzDate.StartsWith(authorization.Date, StringComparison.Ordinal))
        {
            return "credential scope date does not match X-Amz-Date";
        }

        if ((_timeProvider.GetUtcNow().UtcDateTime - signedAt).Duration() > _options.AllowedSkew)
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
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
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

    /// <summary>Compares in constant time, so the time taken reveals nothing about how much of a guess was right.</summary>
    private static bool SignaturesEqual(string expectedHex, string presentedHex) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedHex), Encoding.ASCII.GetBytes(presentedHex));
}
