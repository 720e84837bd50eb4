using Microsoft.Extensions.Logging;

namespace Notifier.Core.Sharding;

/// <summary>Log lines of sharded sends: send and shard ids and counts, never message content.</summary>
internal static partial class ShardingLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Send {SendId} split into {Shards} shards")]
    public static partial void Split(ILogger logger, string sendId, int shards);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Shard {ShardId} of send {SendId} skipped: it is done, or another copy of it runs")]
    public static partial void Skipped(ILogger logger, string sendId, string shardId);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Shard {ShardId} of send {SendId} has more recipients; queued shard {NextShardId}")]
    public static partial void Continued(ILogger logger, string sendId, string shardId, string nextShardId);
}
