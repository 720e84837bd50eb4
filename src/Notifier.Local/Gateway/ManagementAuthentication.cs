using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Notifier.Local.Signing;

namespace Notifier.Local.Gateway;

/// <summary>Checks SigV4 on management API calls when the gateway was given credentials; otherwise lets every call through.</summary>
/// <remarks>
/// With credentials configured, callers sign as they would for AWS (service <c>execute-api</c>), so a
/// client that works here with the right keys works against API Gateway too.
/// </remarks>
internal sealed class ManagementAuthentication
{
    private readonly SigV4Verifier? _verifier;

    public ManagementAuthentication(GatewayOptions options, TimeProvider timeProvider)
    {
        if (options.ManagementCredentials is { } credentials)
        {
            _verifier = new SigV4Verifier(
                accessKeyId => accessKeyId == credentials.AccessKeyId ? credentials.SecretAccessKey : null,
                new SigV4VerifierOptions { Region = options.Region },
                timeProvider);
        }
    }

    public bool IsRequired => _verifier is not null;

    /// <summary>Null when the call may proceed; otherwise the error to answer with.</summary>
    public (string ErrorType, string Message, string Reason)? Check(HttpContext context, ReadOnlyMemory<byte> body)
    {
        if (_verifier is null)
        {
            return null;
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var headers = context.Request.Headers
            .SelectMany(header => header.Value.Select(value => new KeyValuePair<string, string>(header.Key, value ?? string.Empty)))
            .ToList();
        var result = _verifier.Verify(new SigV4Request(
            context.Request.Method,
            query >= 0 ? target[..query] : target,
            query >= 0 ? target[(query + 1)..] : string.Empty,
            headers,
            body));
        return result.Status switch
        {
            SigV4VerificationStatus.Valid => null,
            SigV4VerificationStatus.Missing => ("MissingAuthenticationTokenException", "Missing Authentication Token", "no signature"),
            _ => ("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
                result.Reason ?? "invalid signature"),
        };
    }
}
