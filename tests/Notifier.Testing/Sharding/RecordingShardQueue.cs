using System.Collections.Concurrent;
using Notifier.Core.Sharding;

namespace Notifier.Testing.Sharding;

/// <summary>A shard queue that keeps what is queued, for a test to take and run; each shard gets a queue message id, as SQS gives one.</summary>
public sealed class RecordingShardQueue : IShardQueue
{
    private readonly ConcurrentQueue<(ShardWork Shard, string MessageId)> _pending = new();
    private int _queued;

    /// <summary>How many shards were queued in all.</summary>
    public int Queued => Volatile.Read(ref _queued);

    public Task EnqueueAsync(IReadOnlyList<ShardWork> shards, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var shard in shards)
        {
            // A round trip through the queue body, as SQS would carry it.
            Assert(ShardWork.TryParse(shard.ToUtf8Json(), out var carried, out var error), error);
            _pending.Enqueue((carried!, Guid.NewGuid().ToString()));
            Interlocked.Increment(ref _queued);
        }

        return Task.CompletedTask;
    }

    /// <summary>Takes the oldest queued shard and its message id; false when none is left.</summary>
    public bool TryTake(out ShardWork shard, out string messageId)
    {
        var taken = _pending.TryDequeue(out var next);
        (shard, messageId) = next;
        return taken;
    }

    /// <summary>Runs queued shards (and those they queue) until none is left; returns how many ran.</summary>
    public async Task<int> DrainAsync(ShardedSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var runs = 0;
        while (TryTake(out var shard, out var messageId))
        {
            await sender.RunShardAsync(shard, messageId);
            runs++;
        }

        return runs;
    }

    private static void Assert(bool condition, string? reason)
    {
        if (!condition)
        {
            throw new InvalidOperationException("A queued shard does not read back from its body: " + reason);
        }
    }
}
