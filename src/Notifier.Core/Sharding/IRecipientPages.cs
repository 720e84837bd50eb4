namespace Notifier.Core.Sharding;

/// <summary>Reads a send's recipients a slice at a time, so that a send to 100,000 connections is split without reading them all first.</summary>
/// <remarks>Implemented by the connection stores, which know how their records are laid out.</remarks>
public interface IRecipientPages
{
    /// <summary>How many sub-partitions each topic's subscriptions are written to (the <c>topic#n</c> keys).</summary>
    int TopicPartitions { get; }

    /// <summary>Reads up to <paramref name="limit"/> live connections of <paramref name="range"/>, from <paramref name="cursor"/> on (null: from the start).</summary>
    /// <remarks>
    /// A page may hold fewer than <paramref name="limit"/> connections while <see cref="RecipientPage.Cursor"/> says there
    /// are more (expired records are skipped). The same cursor read again returns the same connections, less those removed since.
    /// </remarks>
    Task<RecipientPage> ReadPageAsync(RecipientRange range, string? cursor, int limit, CancellationToken cancellationToken = default);
}
