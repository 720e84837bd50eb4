using System.Diagnostics;
using System.Net.WebSockets;
using Notifier.Core.Connections;
using Xunit.Abstractions;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// Connections opened and dropped without a close handshake, in waves: afterwards nothing of them is left: no record,
/// no socket, no running handler, and managed memory back near where it started.
/// </summary>
/// <remarks>
/// 10 waves of 1,000 by default; <c>NOTIFIER_CHURN_WAVES</c> and <c>NOTIFIER_CHURN_WAVE_SIZE</c> scale it up
/// (bench/churn runs it longer). Clients and gateway share this process, so file descriptors count both sides.
/// </remarks>
[Collection(nameof(ChurnTests))]
public sealed class ChurnTests(ITestOutputHelper output)
{
    /// <summary>
    /// Managed heap growth allowed after a full collection. Pools (Kestrel's blocks, ArrayPool, the thread pool's
    /// queues) keep what the busiest wave needed; one leaked connection object graph per socket would be well over
    /// 1 KB, i.e. over 10 MB for 10,000 connections, so 4 MB still tells a leak from a pool.
    /// </summary>
    private const long HeapToleranceBytes = 4 * 1024 * 1024;

    /// <summary>Sockets in TIME_WAIT hold no descriptor; a few may still be closing when the count is taken.</summary>
    private const int DescriptorTolerance = 16;

    private const int Concurrency = 50;

    private static readonly TimeSpan WaveDrainLimit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Waves_OfConnectionsDroppedAbruptly_LeaveNoRecordSocketHandlerOrMemoryBehind()
    {
        var waves = Setting("NOTIFIER_CHURN_WAVES", 10);
        var waveSize = Setting("NOTIFIER_CHURN_WAVE_SIZE", 1000);
        await using var harness = await GatewayHarness.StartAsync();
        var store = (InMemoryConnectionStore)harness.Store;
        await RunWaveAsync(harness, waveSize); // warm up: JIT, and pools grown to what one wave needs
        Assert.True(await DrainedWithinAsync(harness, store, WaveDrainLimit));
        AssertNoFailureLoggedThenForget(harness);
        var heapBefore = SettledHeapBytes();
        var descriptorsBefore = OpenDescriptors();
        var clock = Stopwatch.StartNew();

        for (var wave = 0; wave < waves; wave++)
        {
            await RunWaveAsync(harness, waveSize);
            Assert.True(await DrainedWithinAsync(harness, store, WaveDrainLimit), $"wave {wave}: {harness.Gateway.Connections.Count} sockets, {store.Count} records left");
            AssertNoFailureLoggedThenForget(harness);
        }

        var elapsed = clock.Elapsed;
        var heapAfter = SettledHeapBytes();
        var descriptorsAfter = OpenDescriptors();
        output.WriteLine($"{waves * waveSize} connections in {waves} waves: {elapsed.TotalSeconds:0.0} s; heap {heapBefore / 1024} KB -> {heapAfter / 1024} KB; descriptors {descriptorsBefore} -> {descriptorsAfter}");

        Assert.Equal(0, harness.Gateway.Counters.HandshakesRunning);
        Assert.True(heapAfter - heapBefore < HeapToleranceBytes, $"heap grew by {(heapAfter - heapBefore) / 1024} KB");
        Assert.True(descriptorsAfter - descriptorsBefore <= DescriptorTolerance, $"descriptors grew from {descriptorsBefore} to {descriptorsAfter}");
        Assert.True(elapsed < TimeSpan.FromSeconds(waves * 6), $"{waves} waves took {elapsed}");
    }

    /// <summary>Every connection logged its disconnect with 1006 and nothing failed; then the lines are dropped.</summary>
    private static void AssertNoFailureLoggedThenForget(GatewayHarness harness)
    {
        Assert.DoesNotContain(harness.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.Contains("failed unexpectedly", StringComparison.Ordinal));
        harness.AssertLogsHoldNoSecrets("churn-user");
        harness.Logs.Clear();
    }

    /// <summary>Opens <paramref name="count"/> connections (all open at once at the end), then aborts every one.</summary>
    private static async Task RunWaveAsync(GatewayHarness harness, int count)
    {
        var clients = new ClientWebSocket[count];
        using var gate = new SemaphoreSlim(Concurrency);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var client = new ClientWebSocket();
                client.Options.KeepAliveInterval = TimeSpan.Zero;
                // One user each: a single user would meet the per-user connection cap.
                await client.ConnectAsync(harness.Url(harness.Token($"churn-user-{i}")), CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
                clients[i] = client;
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.Equal(count, await harness.ConnectionsSettleAtAsync(count));
        foreach (var client in clients)
        {
            client.Abort();
            client.Dispose();
        }
    }

    private static async Task<bool> DrainedWithinAsync(GatewayHarness harness, InMemoryConnectionStore store, TimeSpan limit)
    {
        for (var waited = TimeSpan.Zero; waited <= limit; waited += TimeSpan.FromMilliseconds(50))
        {
            if (harness.Gateway.Connections.Count == 0 && store.Count == 0 && harness.Gateway.Counters.HandshakesRunning == 0)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static long SettledHeapBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int OpenDescriptors() => OperatingSystem.IsLinux() ? Directory.GetFiles("/proc/self/fd").Length : 0;

    private static int Setting(string name, int defaultValue) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : defaultValue;
}

/// <summary>Churn counts this process's memory and descriptors: nothing else may run beside it.</summary>
[CollectionDefinition(nameof(ChurnTests), DisableParallelization = true)]
public sealed class ChurnCollection;
