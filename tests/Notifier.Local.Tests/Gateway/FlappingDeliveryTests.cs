using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Notifier.Aws.Management;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;
using Xunit.Abstractions;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// The whole delivery path under a management endpoint that flaps between 200, 410, 429, 500 and timeouts (seeded),
/// with real sockets behind it: the report matches what each socket received, nothing that could be delivered is
/// lost, nothing arrives twice.
/// </summary>
public sealed class FlappingDeliveryTests(ITestOutputHelper output)
{
    private const int Seed = 2026;
    private const int Connections = 60;

    /// <summary>Every tenth socket is closed before the send: its record is stale, as after a lost <c>$disconnect</c>.</summary>
    private const int StaleEvery = 10;

    private static readonly DeliveryOptions Options = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task BroadcastAsync_ThroughAFlappingEndpoint_ReportMatchesWhatEachSocketReceived()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var random = new Random(Seed);
        var sockets = new Dictionary<string, (ClientWebSocket Socket, bool Open)>(StringComparer.Ordinal);
        var received = new ConcurrentDictionary<string, ConcurrentQueue<string>>(StringComparer.Ordinal);
        var scripts = new Dictionary<string, FlapScript>(StringComparer.Ordinal);
        for (var i = 0; i < Connections; i++)
        {
            var socket = await harness.ConnectAsync($"flap-user-{i}");
            var id = await harness.ConnectionIdAsync(socket);
            var open = i % StaleEvery != 0;
            if (!open)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "gone", CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
            }

            sockets[id] = (socket, open);
            scripts[id] = FlapScript.Random(random);
            received[id] = new ConcurrentQueue<string>();
        }

        var readers = sockets.Where(s => s.Value.Open).Select(s => CollectAsync(s.Value.Socket, received[s.Key])).ToList();
        await using var proxy = await FlappingManagementProxy.StartAsync(harness.Gateway.ManagementEndpoint, scripts);
        var store = new InMemoryConnectionStore();
        foreach (var id in sockets.Keys)
        {
            // Settled records: the policy the scripts model treats a 410 as final.
            await store.AddAsync(TestRecords.Settled(id, $"user-of-{id}", proxy.Endpoint));
        }

        using var client = new ManagementApiClient(new ManagementApiOptions { Signing = ManagementApiSigning.None, Timeout = TimeSpan.FromMilliseconds(750) });
        var report = await new NotificationSender(store, client, Options).BroadcastAsync(NotificationMessage.Parse("""{"n":1}""")).WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(300); // let the last frames of timed-out posts land

        output.WriteLine($"seed {Seed}: {report.Delivered.Count} delivered, {report.Gone.Count} gone, " +
            string.Join(", ", report.Failed.GroupBy(f => f.Status).Select(g => $"{g.Count()} {g.Key}")));
        Assert.Equal(Connections, report.Recipients);
        foreach (var (id, script) in scripts)
        {
            var (status, posts, shouldReceive) = script.Expected(Options, sockets[id].Open);
            var context = $"seed {Seed}, {id} [{script}], socket {(sockets[id].Open ? "open" : "closed")}";
            Assert.True(report.StatusOf(id) == status, $"{context}: reported {report.StatusOf(id)}, expected {status}");
            Assert.True(proxy.Posts(id) == posts, $"{context}: {proxy.Posts(id)} posts, expected {posts}");
            Assert.True(received[id].Count == (shouldReceive ? 1 : 0), $"{context}: received {received[id].Count}");
            Assert.Equal(status == ManagementCallStatus.Gone, await store.GetAsync(id) is null);
        }

        foreach (var socket in sockets.Values.Where(s => s.Open))
        {
            socket.Socket.Abort();
        }

        await Task.WhenAll(readers).WaitAsync(GatewayHarness.Timeout);
    }

    private static async Task CollectAsync(ClientWebSocket socket, ConcurrentQueue<string> into)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                into.Enqueue(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
