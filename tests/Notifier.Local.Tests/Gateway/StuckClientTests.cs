using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

/// <summary>A client that stops reading must not hold up publishes that include it (its buffers fill, then sends block).</summary>
public sealed class StuckClientTests
{
    // Enough 120 KB messages to fill the kernel's and Kestrel's buffers on loopback many times over.
    private const int MaxPublishes = 400;

    private static readonly GatewayOptions Options = new() { PostTimeout = TimeSpan.FromMilliseconds(500) };

    private static readonly string Message = JsonSerializer.Serialize(new { text = new string('x', 120 * 1024) });

    [Fact]
    public async Task Publish_OneDeviceStopsReading_ReportsItFailedAndTheOtherGetsEveryMessageOnce()
    {
        await using var harness = await GatewayHarness.StartAsync(Options);
        using var stuck = await harness.RawConnectAsync("carol");
        var stuckId = await GatewayHarness.ConnectionIdAsync(stuck);
        var reader = await harness.ConnectAsync("carol");
        var readerId = await harness.ConnectionIdAsync(reader);
        using var stopReading = new CancellationTokenSource();
        var received = new StrongBox<int>();
        var reading = CountMessagesAsync(reader, received, stopReading.Token);

        var published = 0;
        JsonElement? failingReport = null;
        while (failingReport is null && published < MaxPublishes)
        {
            // Each publish must come back: the harness's HTTP client gives up after 10 s.
            var response = await harness.Http.PostAsync(
                new Uri(harness.Gateway.BaseAddress, "notifications"),
                new StringContent($$"""{"userId":"carol","message":{{Message}}}""", Encoding.UTF8, "application/json"));
            var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            published++;
            Assert.Contains(readerId, report.GetProperty("delivered").EnumerateArray().Select(e => e.GetString()));
            if (report.GetProperty("failed").GetArrayLength() > 0)
            {
                failingReport = report;
            }
        }

        Assert.NotNull(failingReport);
        var failure = Assert.Single(failingReport.Value.GetProperty("failed").EnumerateArray());
        Assert.Equal(stuckId, failure.GetProperty("connectionId").GetString());
        Assert.True(await harness.RecordGoneWithinAsync(stuckId, GatewayHarness.Timeout), "the stuck connection was not closed");
        Assert.Equal(published, await WaitForCountAsync(received, reading, published));
        await stopReading.CancelAsync();
    }

    [Fact]
    public async Task ManagementPost_ClientStoppedReading_AnswersGoneInsteadOfHanging()
    {
        await using var harness = await GatewayHarness.StartAsync(Options);
        using var stuck = await harness.RawConnectAsync("dave");
        var stuckId = await GatewayHarness.ConnectionIdAsync(stuck);
        var url = new Uri(harness.Gateway.ManagementEndpoint + "/@connections/" + Uri.EscapeDataString(stuckId));

        var statuses = new List<int>();
        while (statuses.Count < MaxPublishes && (statuses.Count == 0 || statuses[^1] == 200))
        {
            var response = await harness.Http.PostAsync(url, new StringContent(Message, Encoding.UTF8, "application/json"));
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal(410, statuses[^1]);
        Assert.All(statuses[..^1], status => Assert.Equal(200, status));
        Assert.True(await harness.RecordGoneWithinAsync(stuckId, GatewayHarness.Timeout), "the stuck connection was not closed");
    }

    /// <summary>Reads whole messages until cancelled or closed, counting them in <paramref name="count"/>.</summary>
    private static async Task CountMessagesAsync(ClientWebSocket client, StrongBox<int> count, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await client.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.EndOfMessage)
                {
                    Interlocked.Increment(ref count.Value);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The count once it reaches <paramref name="expected"/>, or whatever it is when reading ends or time runs out.</summary>
    private static async Task<int> WaitForCountAsync(StrongBox<int> count, Task reading, int expected)
    {
        var deadline = DateTime.UtcNow + GatewayHarness.Timeout;
        while (Volatile.Read(ref count.Value) < expected && DateTime.UtcNow < deadline && !reading.IsCompleted)
        {
            await Task.Delay(20);
        }

        return Volatile.Read(ref count.Value);
    }
}
