namespace Notifier.Core.History;

/// <summary>Lists a history's streams: the local gateway's dashboard shows them.</summary>
/// <remarks>
/// The in-memory history lists its own streams. On DynamoDB the local gateway lists the messages table by a scan, which
/// is fine for a development table and never used on AWS, so the shipped history does not offer it.
/// </remarks>
public interface IStreamListing
{
    /// <summary>Every stream written so far, with its last number and how many messages it still keeps, ordered by name (ordinal).</summary>
    Task<IReadOnlyList<StreamSummary>> ListStreamsAsync(CancellationToken cancellationToken = default);
}
