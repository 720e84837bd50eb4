using Microsoft.IdentityModel.Tokens;

namespace Notifier.Auth.Tokens;

/// <summary>Turns IdentityModel's exceptions into fixed, loggable reasons that never quote the token.</summary>
internal static class TokenFailures
{
    public static TokenCheck Describe(Exception? exception, bool keysAreRemote) => exception switch
    {
        SecurityTokenExpiredException => TokenCheck.Invalid("token expired"),
        SecurityTokenNotYetValidException => TokenCheck.Invalid("token not yet valid"),
        SecurityTokenNoExpirationException => TokenCheck.Invalid("token has no expiry"),
        SecurityTokenInvalidLifetimeException => TokenCheck.Invalid("token lifetime invalid"),
        SecurityTokenInvalidAlgorithmException => TokenCheck.Invalid("algorithm not allowed"),
        SecurityTokenInvalidIssuerException => TokenCheck.Invalid("wrong issuer"),
        SecurityTokenInvalidAudienceException => TokenCheck.Invalid("wrong audience"),
        SecurityTokenSignatureKeyNotFoundException => TokenCheck.Invalid("unknown signing key"),
        SecurityTokenInvalidSignatureException => TokenCheck.Invalid("invalid signature"),
        SecurityTokenMalformedException => TokenCheck.Invalid("malformed token"),
        SecurityTokenDecryptionFailedException => TokenCheck.Invalid("encrypted tokens are not accepted"),
        InvalidOperationException or HttpRequestException or TaskCanceledException when keysAreRemote => TokenCheck.KeysUnavailable(),
        ArgumentException => TokenCheck.Invalid("malformed token"),
        _ => TokenCheck.Invalid("token rejected"),
    };
}
