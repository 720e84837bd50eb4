using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.Sharding;
using Notifier.Testing.Delivery;
using Notifier.Testing.Sharding;

namespace Notifier.Core.Tests.Sharding;

public sealed class ShardedSenderTests
{
    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{"n":1}""");
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();
    private readonly InMemorySendLedger _ledger = new();
    private readonly RecordingShardQueue _queue = new();

    private ShardedSender Sharded(int shardSize, int broadcastSegments = 3) => new(
        new NotificationSender(_store, _channel, new DeliveryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero }),
        _store,
        _ledger,
        _queue,
        new ShardingOptions { ShardSize = shardSize, BroadcastSegments = broadcastSegments });

    private Task<List<string>> ConnectAsync(int count, string prefix = "c", string? topic = null, Func<int, string>? user = null) =>
        ShardingTestData.ConnectAsync(_store, count, prefix, topic, user);

    private static PublishRequest Parse(string json) => ShardingTestData.Parse(json);

    private void AssertEachReachedOnce(IEnumerable<string> connectionIds)
    {
        foreach (var id in connectionIds)
        {
            Assert.Single(_channel.Received(id));
        }
    }

    [Fact]
    public async Task SmallBroadcast_IsSentAtOnce_WithItsFullReport()
    {
        var ids = await ConnectAsync(4);

        var outcome = await Sharded(shardSize: 4).PublishAsync(Parse("""{"broadcast":true,"message":{"n":1}}"""), "send-1");

        Assert.False(outcome.Queued);
        Assert.Equal(ids.Order(), outcome.Report!.Delivered.Order());
        Assert.Equal(0, _queue.Queued);
        Assert.Null(await _ledger.GetAsync("send-1"));
    }

    [Fact]
    public async Task LargeBroadcast_IsSplitIntoSegments_AndEveryConnectionGetsItOnce()
    {
        var ids = await ConnectAsync(25);
        var sharded = Sharded(shardSize: 4, broadcastSegments: 3);

        var outcome = await sharded.PublishAsync(Parse("""{"broadcast":true,"message":{"n":1}}"""), "send-2");
        Assert.True(outcome.Queued);
        Assert.Equal(3, outcome.ShardsQueued);
        Assert.Empty(_channel.Posts);

        var runs = await _queue.DrainAsync(sharded);

        AssertEachReachedOnce(ids);
        var summary = await _ledger.GetAsync("send-2");
        Assert.NotNull(summary);
        Assert.True(summary.Complete);
        Assert.Equal(25, summary.Recipients);
        Assert.Equal(25, summary.Delivered);
        Assert.Equal(runs, summary.Shards.Total);
        Assert.Equal(runs, summary.Shards.Done);
        // 25 connections in shards of at most 4: at least 7 shards, so the segments went on in links.
        Assert.True(runs >= 7, $"{runs} shards ran");
    }

    [Fact]
    public async Task LargeTopic_ReachesItsSubscribersOnly_LessTheExcludedOne()
    {
        var subscribers = await ConnectAsync(30, "s", topic: "room:1");
        var others = await ConnectAsync(5, "o");
        var sharded = Sharded(shardSize: 4);

        var outcome = await sharded.PublishAsync(Parse("""{"topic":"room:1","excludeConnectionId":"s7","message":{"n":1}}"""), "send-3");
        Assert.Equal(ShardingOptions.DefaultTopicPartitions, outcome.ShardsQueued);
        await _queue.DrainAsync(sharded);

        AssertEachReachedOnce(subscribers.Where(id => id != "s7"));
        Assert.Equal(0, _channel.Attempts("s7"));
        Assert.All(others, id => Assert.Equal(0, _channel.Attempts(id)));
        var summary = await _ledger.GetAsync("send-3");
        Assert.Equal(29, summary!.Delivered);
        Assert.True(summary.Complete);
    }

    [Fact]
    public async Task SmallTopic_IsSentAtOnce_LessTheExcludedOne()
    {
        await ConnectAsync(3, "s", topic: "room:2");

        var outcome = await Sharded(shardSize: 4).PublishAsync(Parse("""{"topic":"room:2","excludeConnectionId":"s1","message":{"n":1}}"""), "send-4");

        Assert.False(outcome.Queued);
        Assert.Equal(["s0", "s2"], outcome.Report!.Delivered.Order());
    }

    [Fact]
    public async Task LargeUserList_IsSplitIntoChunks_AndEachUsersDevicesGetItOnce()
    {
        // Ten users with two devices each.
        var ids = await ConnectAsync(20, user: i => $"u{i / 2}");
        var sharded = Sharded(shardSize: 3);
        var users = string.Join(",", Enumerable.Range(0, 10).Select(i => $"\"u{i}\""));

        var outcome = await sharded.PublishAsync(Parse("{\"userIds\":[" + users + ",\"u0\"],\"message\":{\"n\":1}}"), "send-5");
        Assert.Equal(4, outcome.ShardsQueued);
        await _queue.DrainAsync(sharded);

        AssertEachReachedOnce(ids);
        Assert.Equal(20, (await _ledger.GetAsync("send-5"))!.Delivered);
    }

    [Fact]
    public async Task UserChunks_StayUnderTheQueuesMessageLimit_WhenIdsAreLong()
    {
        var longIds = Enumerable.Range(0, 300).Select(i => $"{i:D4}-" + new string('x', 1_000)).ToList();
        var request = new PublishRequest(longIds, null, NotificationMessage.Parse("\"" + new string('m', 100_000) + "\""));

        // By count the 300 users fit one shard; by bytes they do not.
        var outcome = await Sharded(shardSize: 299).PublishAsync(request, "send-6");

        Assert.True(outcome.ShardsQueued >= 2, $"{outcome.ShardsQueued} shards");
        while (_queue.TryTake(out var shard, out _))
        {
            Assert.True(shard.ToUtf8Json().Length <= ShardedSender.MaximumShardBytes);
        }
    }

    [Fact]
    public async Task ASecondCopyOfAShard_IsSkipped()
    {
        var ids = await ConnectAsync(3);
        var sharded = Sharded(shardSize: 10);
        var shard = new ShardWork("send-7", 0, 1, Message);
        await _ledger.AddShardsAsync("send-7", [shard.Id]);

        var first = await sharded.RunShardAsync(shard, "message-a");
        var copy = await sharded.RunShardAsync(shard, "message-b");
        var again = await sharded.RunShardAsync(shard, "message-a");

        Assert.Equal(ShardStatus.Done, first.Status);
        Assert.Equal(ShardStatus.Skipped, copy.Status);
        Assert.Equal(ShardStatus.Skipped, again.Status);
        AssertEachReachedOnce(ids);
        Assert.Equal(3, (await _ledger.GetAsync("send-7"))!.Delivered);
    }

    [Fact]
    public async Task AShardCutShort_RunsAgainWhole_UnderTheSameMessage()
    {
        var ids = await ConnectAsync(6);
        var sharded = Sharded(shardSize: 10);
        var shard = new ShardWork("send-8", 0, 1, Message);
        await _ledger.AddShardsAsync("send-8", [shard.Id]);
        _channel.Latency = TimeSpan.FromSeconds(30);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var cut = await sharded.RunShardAsync(shard, "message-a", deadline.Token);
        Assert.Equal(ShardStatus.Interrupted, cut.Status);
        Assert.False((await _ledger.GetAsync("send-8"))!.Complete);

        _channel.Latency = TimeSpan.Zero;
        var retried = await sharded.RunShardAsync(shard, "message-a");

        Assert.Equal(ShardStatus.Done, retried.Status);
        AssertEachReachedOnce(ids);
        var summary = await _ledger.GetAsync("send-8");
        Assert.True(summary!.Complete);
        Assert.Equal(6, summary.Delivered);
    }

    [Fact]
    public async Task GoneConnections_AreCountedAndPruned_InTheSummedReport()
    {
        var ids = await ConnectAsync(9);
        _channel.Script(ids[2], ManagementCallStatus.Gone);
        _channel.Script(ids[5], ManagementCallStatus.Gone);
        var sharded = Sharded(shardSize: 2, broadcastSegments: 2);

        await sharded.PublishAsync(Parse("""{"broadcast":true,"message":{"n":1}}"""), "send-9");
        await _queue.DrainAsync(sharded);

        var summary = await _ledger.GetAsync("send-9");
        Assert.Equal(9, summary!.Recipients);
        Assert.Equal(7, summary.Delivered);
        Assert.Equal(2, summary.Gone);
        Assert.Null(await _store.GetAsync(ids[2]));
    }
}
