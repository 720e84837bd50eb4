using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Aws.Management;
using Notifier.Core.Configuration;
using Notifier.Functions.Hosting;
using Notifier.Testing.Dynalite;
using Notifier.Testing.Sharding;

// One broadcast to N connections through the publish function as Lambda builds it: the send goes on an SQS-compatible
// queue (FakeSqsServer), is split into shards there, and WORKERS workers run them as Lambda's SQS event source would.
// DynamoDB is dynalite; the management API is a stub on 127.0.0.1 that answers each post after LATENCY_MS and counts
// the posts per connection. ROUNDS plain rounds, then one round with a worker killed mid-shard. Settings come from
// the environment (bench/sharded/run.sh): CONNECTIONS, SHARD_SIZE, WORKERS, BUDGET (posts/s), LATENCY_MS, ROUNDS.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var connections = Setting("CONNECTIONS", 100_000);
var shardSize = Setting("SHARD_SIZE", 2_000);
var workers = Setting("WORKERS", 4);
var budget = Setting("BUDGET", 5_000);
var latency = TimeSpan.FromMilliseconds(Setting("LATENCY_MS", 30));
var rounds = Setting("ROUNDS", 3);

var dynalite = new DynaliteServer();
await dynalite.InitializeAsync();
if (!dynalite.IsAvailable)
{
    Console.Error.WriteLine("dynalite is missing: run npm ci at the repository root");
    return 1;
}

try
{
    await using var rig = await ShardedFanOutRig.StartAsync(dynalite.Endpoint, latency);
    var seeding = Stopwatch.StartNew();
    var ids = await rig.SeedAsync(connections);
    Console.WriteLine($"seeded {connections:N0} connections in {seeding.Elapsed.TotalSeconds:F1} s");
    var settings = rig.Settings(shardSize, budget, publishConcurrency: workers);
    var credentials = new BasicAWSCredentials("bench", "bench");
    PublishWorkerPool.Invocation CreatePublish()
    {
        var function = new FunctionCatalog(
            new SettingsReader(settings.GetValueOrDefault),
            NullLoggerFactory.Instance,
            createChannel: () => new ManagementApiClient(new ManagementApiOptions { Credentials = credentials, Region = "us-east-1" })).Create("publish");
        return async (payload, deadline) => (await function.InvokeAsync(payload, deadline)).Response;
    }

    await using var pool = rig.StartWorkers(
        CreatePublish,
        new PublishWorkerPoolOptions { Workers = workers, InvocationTimeout = TimeSpan.FromSeconds(25), VisibilityTimeout = TimeSpan.FromSeconds(30) });
    Console.WriteLine($"| round | case | delivered (report) | lost | repeats | shards | publish to complete | posts/s, first to last | sustained posts/s (10th to 90th percentile) | sustained vs budget | CPU per post |");
    Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (var round = 1; round <= rounds + 1; round++)
    {
        var kill = round > rounds;
        rig.Endpoint.Reset();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var sendId = await rig.PublishAsync("{\"broadcast\":true,\"message\":{\"round\":" + round + "}}");
        if (kill)
        {
            await PublishWorkerPool.WaitUntilAsync(() => Task.FromResult(rig.Endpoint.Total >= connections / 3), TimeSpan.FromMinutes(5));
            await pool.KillOneAsync(TimeSpan.Zero);
        }

        var summary = await rig.CompleteAsync(sendId, TimeSpan.FromMinutes(10));
        var elapsed = clock.Elapsed;
        var cpuPerPost = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(1, rig.Endpoint.Total);
        var (lost, repeats) = rig.Endpoint.Tally(ids);
        var rate = rig.Endpoint.Total / rig.Endpoint.Span.TotalSeconds;
        var sustained = rig.Endpoint.SustainedRate();
        Console.WriteLine(
            $"| {round} | {(kill ? "a worker killed mid-shard" : "plain")} | {summary?.Delivered:N0}{(summary?.Complete == true ? "" : " (incomplete)")} | {lost:N0} | {repeats:N0} | "
            + $"{summary?.Shards.Total} | {elapsed.TotalSeconds:F1} s | {rate:N0} | {sustained:N0} | {sustained / budget:F2}x | {cpuPerPost:F0} µs |");
    }

    return 0;
}
finally
{
    await dynalite.DisposeAsync();
}

static int Setting(string name, int defaultValue) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : defaultValue;
