namespace Notifier.Aws.Signing;

/// <summary>
/// Checks the AWS Signature Version 4 <c>Authorization</c> header of an incoming request: the local gateway's
/// guard on its management API, so callers must sign exactly as they would for API Gateway.
/// </summary>
/// <remarks>
/// Written from the SigV4 specification, independently of the SDK's signer, so that each checks the other.
/// It accepts header signatures only (no presigned URLs, no chunked uploads) and requires <c>host</c> and
/// <c>x-amz-date</c> to be signed. A body is covered by its SHA-256: <c>x-amz-content-sha256</c>, when sent,
/// must be signed and must match the body. Session tokens are not checked against any issuer.
/// <see cref="Verify"/> never throws on what a client sends; every flaw is an <see cref="SigV4VerificationStatus.Invalid"/> result.
/// </remarks>
public sealed partial class SigV4Verifier
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

        var scopeError = CheckScopeAndDate(headers, authorization!, out var amzDate);
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

        var canonicalRequest = string.Join(
            '\n',
            request.Method ?? "",
            SigV4Canonical.CanonicalUri(string.IsNullOrEmpty(request.RawPath) ? "/" : request.RawPath),
            SigV4Canonical.CanonicalQuery(request.RawQuery ?? ""),
            canonicalHeaders,
            string.Join(';', authorization.SignedHeaders),
            payloadHash);
        var expected = Signature(secret, authorization, amzDate!, canonicalRequest);
        return SignaturesEqual(expected, authorization.Signature)
            ? SigV4VerificationResult.Valid(authorization.AccessKeyId)
            : SigV4VerificationResult.Invalid("signature does not match");
    }
}
