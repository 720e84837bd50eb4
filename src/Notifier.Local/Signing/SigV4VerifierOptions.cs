namespace Notifier.Local.Signing;

/// <summary>What <see cref="SigV4Verifier"/> accepts; the defaults are API Gateway's.</summary>
internal sealed class SigV4VerifierOptions
{
    /// <summary>The service the credential scope must name.</summary>
    /// <remarks>Default <c>execute-api</c>, the management API's signing name.</remarks>
    public string Service { get; init; } = "execute-api";

    /// <summary>The region the credential scope must name, or null to accept any.</summary>
    /// <remarks>Default null: the local gateway answers for whatever region its callers sign for.</remarks>
    public string? Region { get; init; }

    /// <summary>How far <c>X-Amz-Date</c> may be from the verifier's clock, either way.</summary>
    /// <remarks>Default 5 minutes, as AWS allows.</remarks>
    public TimeSpan AllowedSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether <c>x-amz-content-sha256: UNSIGNED-PAYLOAD</c> is accepted.</summary>
    /// <remarks>Default false: the body is then not covered by the signature, so anyone on the path could change it.</remarks>
    public bool AllowUnsignedPayload { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Service, nameof(Service));
        ArgumentOutOfRangeException.ThrowIfLessThan(AllowedSkew, TimeSpan.Zero, nameof(AllowedSkew));
    }
}
