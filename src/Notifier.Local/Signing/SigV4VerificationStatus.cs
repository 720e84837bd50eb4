namespace Notifier.Local.Signing;

/// <summary>The verdict of <see cref="SigV4Verifier"/>.</summary>
internal enum SigV4VerificationStatus
{
    /// <summary>The request carries no <c>Authorization</c> header.</summary>
    Missing,

    /// <summary>The signature matches, the key is known and the date is within the allowed skew.</summary>
    Valid,

    /// <summary>The request is signed, but not acceptably; the result's reason says why.</summary>
    Invalid,
}
