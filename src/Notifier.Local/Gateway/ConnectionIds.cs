using System.Security.Cryptography;

namespace Notifier.Local.Gateway;

/// <summary>Connection ids in API Gateway's shape: the base64 of 11 random bytes, 16 characters ending in <c>=</c>.</summary>
/// <remarks>Like AWS's, they may contain <c>+</c> and <c>/</c>, so clients that forget to escape them fail here too.</remarks>
internal static class ConnectionIds
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(11));
}
