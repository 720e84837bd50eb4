namespace Notifier.Core.Sharding;

/// <summary>What one shard of a send did, in counts.</summary>
/// <param name="Recipients">Connections addressed: <paramref name="Delivered"/> + <paramref name="Gone"/> + <paramref name="Failed"/>.</param>
/// <param name="Delivered">Connections that received the message.</param>
/// <param name="Gone">Connections that answered 410 Gone.</param>
/// <param name="Throttled">Connections throttled (429) at least once; each is also in <paramref name="Delivered"/> or <paramref name="Failed"/>.</param>
/// <param name="Failed">Connections the message did not reach.</param>
public sealed record ShardCounts(int Recipients, int Delivered, int Gone, int Throttled, int Failed)
{
    public static ShardCounts Zero { get; } = new(0, 0, 0, 0, 0);
}
