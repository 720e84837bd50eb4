namespace Notifier.Local.Monitoring;

/// <summary>One shard of a sharded send has finished: what it did, and how many of the send's shards are done.</summary>
internal sealed record ShardEvent(string PublishId, int Done, int Total, int Recipients, int Delivered, int Gone, int Throttled, int Failed) : FeedEvent
{
    public override string Kind => "shard";
}
