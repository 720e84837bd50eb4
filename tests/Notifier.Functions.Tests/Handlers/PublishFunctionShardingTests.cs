using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.Sharding;
using Notifier.Functions.Handlers;
using Notifier.Functions.Tests.Handlers.Fakes;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;
using Notifier.Testing.Logging;
using Notifier.Testing.Sharding;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>Large sends over HTTP and the queue: 202 and shards, shards run from queue records, the summed report.</summary>
public sealed class PublishFunctionShardingTests
{
    private const string Endpoint = "https://abc.execute-api.us-east-1.amazonaws.com/prod";
    private readonly InMemoryConnectionStore _store = new();
    private readonly InMemorySendLedger _ledger = new();
    private readonly RecordingShardQueue _queue = new();
    private readonly RecordingDeliveryMetrics _metrics = new();
    private readonly CapturingLoggerProvider _logs = new();

    private PublishFunction Function(IConnectionChannel channel, bool sharded = true)
    {
        var sender = new NotificationSender(_store, channel, new DeliveryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero });
        var shardedSender = sharded ? new ShardedSender(sender, _store, _ledger, _queue, new ShardingOptions { ShardSize = 3, BroadcastSegments = 2 }) : null;
        return new PublishFunction(sender, _logs.CreateFactory().CreateLogger<PublishFunction>(), shardedSender, _metrics);
    }

    private async Task<List<string>> ConnectAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"c{i}").ToList();
        foreach (var id in ids)
        {
            await _store.AddAsync(TestRecords.Settled(id, "u" + id, Endpoint));
        }

        return ids;
    }

    private static HttpApiRequest Post(string body) => new() { RouteKey = "POST /notifications", RawPath = "/notifications", Body = body };

    private static HttpApiRequest Get(string path) => new() { RouteKey = "GET /notifications/{messageId}", RawPath = path };

    private static byte[] Batch(params (string MessageId, string Body)[] records) => JsonSerializer.SerializeToUtf8Bytes(
        new SqsEvent { Records = [.. records.Select(r => new SqsMessage { MessageId = r.MessageId, Body = r.Body, EventSource = "aws:sqs" })] },
        ApiGatewayJson.Context.SqsEvent);

    private static async Task<List<string?>> FailuresAsync(PublishFunction function, byte[] batch, CancellationToken cancellationToken = default)
    {
        var result = await function.InvokeAsync(batch, cancellationToken);
        var response = JsonDocument.Parse(result.Response!).RootElement;
        return [.. response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString())];
    }

    /// <summary>Runs every queued shard as its own queue record, as SQS hands them to invocations.</summary>
    private async Task DrainAsync(PublishFunction function)
    {
        while (_queue.TryTake(out var shard, out var messageId))
        {
            Assert.Empty(await FailuresAsync(function, Batch((messageId, Encoding.UTF8.GetString(shard.ToUtf8Json())))));
        }
    }

    [Fact]
    public async Task Http_LargeSend_Is202WithItsId_AndItsReportIsServedWhenTheShardsHaveRun()
    {
        var ids = await ConnectAsync(8);
        var channel = new ScriptedChannel();
        var function = Function(channel);

        var response = await function.HandleHttpAsync(Post("""{"broadcast":true,"message":{"n":1}}"""));

        Assert.Equal(202, response.StatusCode);
        var accepted = JsonDocument.Parse(response.Body!).RootElement;
        var messageId = accepted.GetProperty("messageId").GetString()!;
        Assert.Equal(2, accepted.GetProperty("shards").GetInt32());
        Assert.Equal("/notifications/" + messageId, response.Headers!["location"]);
        Assert.Empty(channel.Posts);

        var pending = JsonDocument.Parse((await function.HandleHttpAsync(Get("/notifications/" + messageId))).Body!).RootElement;
        Assert.False(pending.GetProperty("complete").GetBoolean());

        await DrainAsync(function);

        var report = await function.HandleHttpAsync(Get("/notifications/" + messageId));
        Assert.Equal(200, report.StatusCode);
        var summary = JsonDocument.Parse(report.Body!).RootElement;
        Assert.True(summary.GetProperty("complete").GetBoolean());
        Assert.Equal(8, summary.GetProperty("recipients").GetInt64());
        Assert.Equal(8, summary.GetProperty("delivered").GetInt64());
        Assert.Equal(0, summary.GetProperty("gone").GetInt64());
        Assert.Equal(0, summary.GetProperty("throttled").GetInt64());
        Assert.Equal(0, summary.GetProperty("failed").GetInt64());
        Assert.Equal(summary.GetProperty("shards").GetProperty("total").GetInt32(), summary.GetProperty("shards").GetProperty("done").GetInt32());
        Assert.All(ids, id => Assert.Single(channel.Received(id)));
    }

    [Fact]
    public async Task Queue_LargeSend_IsSplitUnderTheRecordsId_AndNotReturned()
    {
        await ConnectAsync(5);
        var channel = new ScriptedChannel();
        var function = Function(channel);

        var failures = await FailuresAsync(function, Batch(("record-1", """{"broadcast":true,"message":{"n":1}}""")));

        Assert.Empty(failures);
        Assert.Empty(channel.Posts);
        Assert.Equal(2, _queue.Queued);
        await DrainAsync(function);
        var summary = await _ledger.GetAsync("record-1");
        Assert.True(summary!.Complete);
        Assert.Equal(5, summary.Delivered);
    }

    [Fact]
    public async Task Queue_ShardCutShortByTheDeadline_GoesBack_AndItsRedeliveryFinishesIt()
    {
        var ids = await ConnectAsync(3);
        var shard = new ShardWork("send-1", 0, 1, NotificationMessage.Parse("""{"n":1}"""));
        await _ledger.AddShardsAsync("send-1", [shard.Id]);
        var record = Batch(("shard-message", Encoding.UTF8.GetString(shard.ToUtf8Json())));
        using var deadline = new CancellationTokenSource();

        var failures = await FailuresAsync(Function(new DeadlineChannel("c1", deadline)), record, deadline.Token);

        Assert.Equal(["shard-message"], failures);
        Assert.False((await _ledger.GetAsync("send-1"))!.Complete);
        Assert.Contains(_logs.Lines, line => line.Contains("shard-message was cut short by the deadline", StringComparison.Ordinal));

        var channel = new ScriptedChannel();
        Assert.Empty(await FailuresAsync(Function(channel), record));
        Assert.All(ids, id => Assert.Single(channel.Received(id)));
        Assert.True((await _ledger.GetAsync("send-1"))!.Complete);
    }

    [Fact]
    public async Task Queue_ShardWithoutSharding_OrMalformed_GoesBackToTheQueue()
    {
        await ConnectAsync(2);
        var shard = new ShardWork("send-2", 0, 1, NotificationMessage.Parse("1"));
        var channel = new ScriptedChannel();

        var unsharded = await FailuresAsync(Function(channel, sharded: false), Batch(("m1", Encoding.UTF8.GetString(shard.ToUtf8Json()))));
        var malformed = await FailuresAsync(Function(channel), Batch(("m2", """{"shard":{"sendId":"s","segment":5,"segments":1,"link":0},"message":1}""")));

        Assert.Equal(["m1"], unsharded);
        Assert.Equal(["m2"], malformed);
        Assert.Empty(channel.Posts);
        Assert.Contains(_logs.Lines, line => line.Contains("runs no shards", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, line => line.Contains("shard's segment is out of range", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http_UnknownSend_Is404()
    {
        var response = await Function(new ScriptedChannel()).HandleHttpAsync(Get("/notifications/nothing-here"));

        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task EverySendShardAndSplit_IsCounted()
    {
        await ConnectAsync(4);
        var channel = new ScriptedChannel();
        channel.Script("c2", ManagementCallStatus.Gone);
        var function = Function(channel);

        await function.HandleHttpAsync(Post("""{"userId":"uc0","message":1}"""));
        await function.HandleHttpAsync(Post("""{"broadcast":true,"message":1}"""));
        await DrainAsync(function);

        var records = _metrics.Records;
        Assert.Equal(new DeliveryMetrics(1, 1, 0, 0, 0, records[0].Duration, 0), records[0]);
        Assert.Equal(2, records[1].ShardsQueued);
        Assert.Equal(0, records[1].Recipients);
        var shards = records.Skip(2).ToList();
        Assert.Equal(4, shards.Sum(r => r.Recipients));
        Assert.Equal(3, shards.Sum(r => r.Delivered));
        Assert.Equal(1, shards.Sum(r => r.Gone));
    }
}
