namespace Notifier.Local.Gateway;

/// <summary>Delivery counts summed since the gateway started, as <c>GET /_local/delivery</c> returns them.</summary>
/// <param name="Sends">Pieces of publish work recorded: synchronous sends, shards of large sends, and their splits.</param>
/// <param name="Recipients">Connections addressed.</param>
/// <param name="Delivered">Connections that received the message.</param>
/// <param name="Gone">Connections that were gone (410).</param>
/// <param name="Throttled">Connections throttled (429) at least once.</param>
/// <param name="Failed">Connections the message did not reach.</param>
/// <param name="ShardsQueued">Shards put on the queue.</param>
internal sealed record DeliveryTotals(long Sends, long Recipients, long Delivered, long Gone, long Throttled, long Failed, long ShardsQueued);
