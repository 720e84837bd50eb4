using Amazon.Runtime;
using Notifier.Aws.Management;
using Notifier.Core.Configuration;
using Notifier.Functions.Hosting;
using Notifier.Testing.Dynalite;
using Notifier.Testing.Logging;
using Notifier.Testing.Sharding;

namespace Notifier.Functions.Tests.Sharding;

/// <summary>
/// A broadcast to 5,000 connections through the publish function as Lambda builds it, split into shards of 500 on an
/// SQS queue and run by four workers, one of which is killed mid-shard as a Lambda timeout would.
/// </summary>
/// <remarks>The small version of the fan-out benchmark (bench/sharded), counted at the management API.</remarks>
public sealed class ShardedFanOutTests : IClassFixture<DynaliteServer>
{
    private const int Connections = 5_000;
    private const int ShardSize = 500;
    private readonly DynaliteServer _dynalite;
    private readonly CapturingLoggerProvider _logs = new();

    public ShardedFanOutTests(DynaliteServer dynalite)
    {
        _dynalite = dynalite;
    }

    private PublishWorkerPool.Invocation CreatePublish(IReadOnlyDictionary<string, string> settings)
    {
        var credentials = new BasicAWSCredentials("test", "test");
        var catalog = new FunctionCatalog(
            new SettingsReader(settings.GetValueOrDefault),
            _logs.CreateFactory(),
            createChannel: () => new ManagementApiClient(new ManagementApiOptions { Credentials = credentials, Region = "us-east-1" }));
        var function = catalog.Create("publish");
        return async (payload, deadline) => (await function.InvokeAsync(payload, deadline)).Response;
    }

    [SkippableFact]
    public async Task Broadcast_WithAWorkerKilledMidShard_ReachesEveryone_RepeatingAtMostOneShard_AndTheReportIsExact()
    {
        _dynalite.RequireAvailable();
        await using var rig = await ShardedFanOutRig.StartAsync(_dynalite.Endpoint, postLatency: TimeSpan.FromMilliseconds(30));
        var ids = await rig.SeedAsync(Connections);
        var settings = rig.Settings(ShardSize, postsPerSecond: 0, publishConcurrency: 4);
        // The visibility timeout outlasts an invocation, as on AWS (150 s against 25 s), so only a killed shard comes back.
        await using var workers = rig.StartWorkers(
            () => CreatePublish(settings),
            new PublishWorkerPoolOptions { Workers = 4, InvocationTimeout = TimeSpan.FromSeconds(8), VisibilityTimeout = TimeSpan.FromSeconds(9) });

        var sendId = await rig.PublishAsync("""{"broadcast":true,"message":{"type":"maintenance"}}""");
        Assert.True(await PublishWorkerPool.WaitUntilAsync(() => Task.FromResult(rig.Endpoint.Total >= 1_000), TimeSpan.FromSeconds(60)), "the fan-out never started");
        await workers.KillOneAsync(TimeSpan.Zero).WaitAsync(TimeSpan.FromSeconds(30));
        var summary = await rig.CompleteAsync(sendId, TimeSpan.FromSeconds(90));

        Assert.NotNull(summary);
        Assert.True(summary.Complete, $"{summary.Shards.Done} of {summary.Shards.Total} shards done");
        var (lost, repeats) = rig.Endpoint.Tally(ids);
        Assert.Equal(0, lost);
        Assert.InRange(repeats, 0, ShardSize);
        Assert.Equal(Connections, summary.Recipients);
        Assert.Equal(Connections, summary.Delivered);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(1, workers.Kills);
        // 16 scan segments of about 312 connections: every segment fits one shard, and nothing more was queued.
        Assert.Equal(summary.Shards.Total, summary.Shards.Done);
    }
}
