namespace Notifier.Core.Sharding;

/// <summary>The report of a sharded send, summed over its shards: what <c>GET /notifications/{messageId}</c> answers.</summary>
/// <param name="MessageId">The send's id, as the <c>202</c> answer gave it.</param>
/// <param name="Complete">True when every shard has finished; until then the counts grow.</param>
/// <param name="Recipients">Connections addressed so far.</param>
/// <param name="Delivered">Connections that received the message.</param>
/// <param name="Gone">Connections that answered 410 Gone (and were pruned).</param>
/// <param name="Throttled">Connections throttled (429) at least once; each also counts as delivered or failed.</param>
/// <param name="Failed">Connections the message did not reach.</param>
/// <param name="Shards">How many shards the send has, and how many have finished.</param>
public sealed record SendSummary(
    string MessageId,
    bool Complete,
    long Recipients,
    long Delivered,
    long Gone,
    long Throttled,
    long Failed,
    ShardTally Shards);
