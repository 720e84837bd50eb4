namespace Notifier.Local.Monitoring;

/// <summary>A publish (<c>POST /notifications</c>) as answered: its target, counts, duration and status.</summary>
/// <param name="PublishId">The message id of its answer (<c>id</c>, or <c>messageId</c> for a sharded send); <c>GET /_local/publishes/{publishId}</c> has its details.</param>
/// <param name="Target">Whom it addressed; null when the request could not be read.</param>
/// <param name="Recipients">Connections addressed (0 for a sharded send: its shards report theirs).</param>
/// <param name="Delivered">Connections that received the message.</param>
/// <param name="Gone">Connections found gone.</param>
/// <param name="Throttled">Connections throttled at least once.</param>
/// <param name="Failed">Connections not reached.</param>
/// <param name="DurationMs">How long the send (or the split into shards) took.</param>
/// <param name="Shards">Null for a synchronous send; the shards a sharded send started with.</param>
/// <param name="Streams">Each stream the message was numbered in, and its number; null when none.</param>
/// <param name="Status">The HTTP status of the answer.</param>
internal sealed record PublishEvent(
    string PublishId,
    PublishTarget? Target,
    int Recipients,
    int Delivered,
    int Gone,
    int Throttled,
    int Failed,
    double DurationMs,
    int? Shards,
    IReadOnlyDictionary<string, long>? Streams,
    int Status) : FeedEvent
{
    public override string Kind => "publish";
}
