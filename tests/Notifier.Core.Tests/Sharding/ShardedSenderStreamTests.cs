using System.Text.Json;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Core.Sharding;
using Notifier.Testing.Delivery;
using Notifier.Testing.Sharding;

namespace Notifier.Core.Tests.Sharding;

public sealed class ShardedSenderStreamTests
{
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();
    private readonly InMemorySendLedger _ledger = new();
    private readonly RecordingShardQueue _queue = new();
    private readonly InMemoryMessageHistory _history = new();

    private ShardedSender Sharded(int shardSize, IMessageHistory? history) => new(
        new NotificationSender(_store, _channel, new DeliveryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero }, history: history),
        _store,
        _ledger,
        _queue,
        new ShardingOptions { ShardSize = shardSize, BroadcastSegments = 3 });

    private ShardedSender Sharded(int shardSize) => Sharded(shardSize, _history);

    private Task<List<string>> ConnectAsync(int count, string prefix, string? topic = null, Func<int, string>? user = null) =>
        ShardingTestData.ConnectAsync(_store, count, prefix, topic, user, NotificationEnvelope.Protocol);

    private static PublishRequest Parse(string json) => ShardingTestData.Parse(json);

    private List<ShardWork> TakeQueued()
    {
        var shards = new List<ShardWork>();
        while (_queue.TryTake(out var shard, out _))
        {
            shards.Add(shard);
        }

        return shards;
    }

    /// <summary>The id, stream and number of the one envelope <paramref name="connectionId"/> received.</summary>
    private (string Id, string? Stream, long? Seq) EnvelopeOf(string connectionId)
    {
        using var document = JsonDocument.Parse(Assert.Single(_channel.Received(connectionId)));
        var root = document.RootElement;
        Assert.Equal("""{"n":1}""", root.GetProperty("message").GetRawText());
        return (
            root.GetProperty("id").GetString()!,
            root.TryGetProperty("stream", out var stream) ? stream.GetString() : null,
            root.TryGetProperty("seq", out var seq) ? seq.GetInt64() : null);
    }

    [Fact]
    public async Task LargeTopic_IsNumberedOnceWhenPlanned_AndEveryShardEnvelopesWithThatNumber()
    {
        var subscribers = await ConnectAsync(30, "s", topic: "room:1");
        // The topic's stream already holds two messages, so the plan's number is 3.
        await _history.AppendAsync("room:1", "earlier-1", NotificationMessage.Parse("0").Utf8);
        await _history.AppendAsync("room:1", "earlier-2", NotificationMessage.Parse("0").Utf8);
        var sharded = Sharded(shardSize: 4);

        var outcome = await sharded.PublishAsync(Parse("""{"topic":"room:1","message":{"n":1}}"""), "send-1");

        Assert.True(outcome.Queued);
        Assert.Null(outcome.Report);
        var shards = TakeQueued();
        Assert.Equal(ShardingOptions.DefaultTopicPartitions, shards.Count);
        Assert.All(shards, shard =>
        {
            Assert.Equal("send-1", shard.MessageId);
            Assert.Equal(3, shard.Seq);
        });

        foreach (var shard in shards)
        {
            await sharded.RunShardAsync(shard, Guid.NewGuid().ToString());
        }

        await _queue.DrainAsync(sharded);
        Assert.All(subscribers, id => Assert.Equal(("send-1", "room:1", 3L), EnvelopeOf(id)));
        var page = await _history.ReadAsync("room:1", 0, 10);
        Assert.Equal(3, page.Last);
        Assert.Equal("send-1", page.Messages[^1].Id);
    }

    [Fact]
    public async Task SmallTopic_IsAppendedOnTheSendersPath_UnderTheSendId()
    {
        var subscribers = await ConnectAsync(3, "s", topic: "room:2");

        var outcome = await Sharded(shardSize: 4).PublishAsync(Parse("""{"topic":"room:2","message":{"n":1}}"""), "send-2");

        Assert.False(outcome.Queued);
        Assert.Equal("send-2", outcome.Report!.MessageId);
        Assert.Equal(new Dictionary<string, long> { ["room:2"] = 1 }, outcome.Report.Streams);
        Assert.All(subscribers, id => Assert.Equal(("send-2", "room:2", 1L), EnvelopeOf(id)));
    }

    [Fact]
    public async Task LargeBroadcast_ShardsCarryTheIdOnly_AndEnvelopeWithNoStream()
    {
        var ids = await ConnectAsync(10, "c");
        var sharded = Sharded(shardSize: 4);

        await sharded.PublishAsync(Parse("""{"broadcast":true,"message":{"n":1}}"""), "send-3");
        var shards = TakeQueued();
        Assert.All(shards, shard =>
        {
            Assert.Equal("send-3", shard.MessageId);
            Assert.Null(shard.Seq);
        });

        foreach (var shard in shards)
        {
            await sharded.RunShardAsync(shard, Guid.NewGuid().ToString());
        }

        await _queue.DrainAsync(sharded);
        Assert.All(ids, id => Assert.Equal(("send-3", null, null), EnvelopeOf(id)));
    }

    [Fact]
    public async Task LargeUserList_EachShardAppendsItsOwnUsers_WhenItRuns()
    {
        // Ten users with two devices each, in shards of three users.
        var ids = await ConnectAsync(20, "c", user: i => $"u{i / 2}");
        var sharded = Sharded(shardSize: 3);
        var users = string.Join(",", Enumerable.Range(0, 10).Select(i => $"\"u{i}\""));

        await sharded.PublishAsync(Parse("{\"userIds\":[" + users + "],\"message\":{\"n\":1}}"), "send-4");
        Assert.Equal(0, (await _history.ReadAsync("user:u0", 0, 10)).Last);
        await _queue.DrainAsync(sharded);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(("send-4", $"user:u{i / 2}", 1L), EnvelopeOf(ids[i]));
        }
    }

    [Fact]
    public async Task NoHistory_ShardsCarryNoIdOrNumber_AndEveryoneGetsTheRawBytes()
    {
        var subscribers = await ConnectAsync(10, "s", topic: "room:3");
        var sharded = Sharded(shardSize: 4, history: null);

        await sharded.PublishAsync(Parse("""{"topic":"room:3","message":{"n":1}}"""), "send-5");
        var shards = TakeQueued();
        Assert.All(shards, shard =>
        {
            Assert.Null(shard.MessageId);
            Assert.Null(shard.Seq);
        });

        foreach (var shard in shards)
        {
            await sharded.RunShardAsync(shard, Guid.NewGuid().ToString());
        }

        await _queue.DrainAsync(sharded);
        Assert.All(subscribers, id => Assert.Equal(["""{"n":1}"""], _channel.Received(id)));
    }
}
