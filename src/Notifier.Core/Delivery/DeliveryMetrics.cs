namespace Notifier.Core.Delivery;

/// <summary>What one piece of publish work did, in counts.</summary>
/// <param name="Recipients">Connections addressed.</param>
/// <param name="Delivered">Connections that received the message.</param>
/// <param name="Gone">Connections that answered 410 Gone.</param>
/// <param name="Throttled">Connections throttled (429) at least once.</param>
/// <param name="Failed">Connections the message did not reach.</param>
/// <param name="Duration">How long the work took.</param>
/// <param name="ShardsQueued">Shards this work put on the queue: a large send's first shards, or a shard's next link.</param>
public sealed record DeliveryMetrics(int Recipients, int Delivered, int Gone, int Throttled, int Failed, TimeSpan Duration, int ShardsQueued);
