using System.Security.Cryptography;
using System.Text;

namespace Notifier.Aws.Signing;

public sealed partial class SigV4Verifier
{
    /// <summary>HMAC-SHA256 over the string to sign with the key derived from the secret and the credential scope.</summary>
    internal static byte[] Signature(string secret, SigV4Authorization authorization, string amzDate, string canonicalRequest)
    {
        var stringToSign = string.Join(
            '\n',
            SigV4Authorization.Algorithm,
            amzDate,
            authorization.Scope,
            Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), authorization.Date);
        key = Hmac(key, authorization.Region);
        key = Hmac(key, authorization.Service);
        key = Hmac(key, "aws4_request");
        return Hmac(key, stringToSign);
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Compares in constant time, so the time taken reveals nothing about how much of a guess was right.</summary>
    private static bool SignaturesEqual(byte[] expected, string presentedHex)
    {
        Span<byte> presented = stackalloc byte[32];
        return Convert.FromHexString(presentedHex, presented, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == presented.Length
            && CryptographicOperations.FixedTimeEquals(expected, presented);
    }
}
