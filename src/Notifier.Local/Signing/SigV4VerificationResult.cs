namespace Notifier.Local.Signing;

/// <summary>What <see cref="SigV4Verifier.Verify"/> concluded about one request.</summary>
/// <param name="Status">The verdict.</param>
/// <param name="Reason">Why a request is <see cref="SigV4VerificationStatus.Invalid"/>, for logs and the 403 body; never a secret.</param>
/// <param name="AccessKeyId">The caller's access key id when the request is valid.</param>
internal readonly record struct SigV4VerificationResult(SigV4VerificationStatus Status, string? Reason = null, string? AccessKeyId = null)
{
    /// <summary>The request carries no signature.</summary>
    public static SigV4VerificationResult Missing { get; } = new(SigV4VerificationStatus.Missing, "no Authorization header");

    /// <summary>True when the signature was accepted.</summary>
    public bool IsValid => Status == SigV4VerificationStatus.Valid;

    /// <summary>An accepted request signed with <paramref name="accessKeyId"/>.</summary>
    public static SigV4VerificationResult Valid(string accessKeyId) => new(SigV4VerificationStatus.Valid, null, accessKeyId);

    /// <summary>A rejected request.</summary>
    public static SigV4VerificationResult Invalid(string reason) => new(SigV4VerificationStatus.Invalid, reason);
}
