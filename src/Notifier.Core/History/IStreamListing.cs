namespace Notifier.Core.History;

/// <summary>A history that can list its streams: the local gateway's dashboard shows them.</summary>
/// <remarks>The in-memory history lists its streams; a DynamoDB history cannot without scanning its table, so it does not offer this.</remarks>
public interface IStreamListing
{
    /// <summary>Every stream written since the history was created, with its last number and how many messages it still keeps, ordered by name.</summary>
    IReadOnlyList<StreamSummary> ListStreams();
}
