using System.IO.Hashing;
using System.Text;

namespace Notifier.Core.Sharding;

/// <summary>Which part of a split a connection falls in: the same connection id always lands in the same part.</summary>
public static class RecipientPartition
{
    /// <summary>The part, from 0 to <paramref name="parts"/> - 1, that <paramref name="connectionId"/> belongs to.</summary>
    public static int Of(string connectionId, int parts)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        return (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(connectionId)) % (uint)parts);
    }
}
