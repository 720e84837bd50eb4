using System.Net.WebSockets;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

public sealed class DisconnectTests
{
    [Fact]
    public async Task ClientClose_RemovesRecord_WithClientStatus()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(GatewayHarness.Timeout);

        Assert.True(await harness.RecordGoneWithinASecondAsync(id));
        Assert.True(await harness.Logs.ContainsWithinAsync($"Disconnected {id} with status 1000 (bye)", GatewayHarness.Timeout), harness.Logs.AllText);
    }

    [Fact]
    public async Task AbruptDrop_RemovesRecord_With1006()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        client.Abort();

        Assert.True(await harness.RecordGoneWithinASecondAsync(id));
        Assert.True(await harness.Logs.ContainsWithinAsync($"Disconnected {id} with status 1006", GatewayHarness.Timeout), harness.Logs.AllText);
    }

    [Fact]
    public async Task ClientMessageOver128KB_ClosesWith1009()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        await client.SendAsync(new byte[(128 * 1024) + 1], WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(GatewayHarness.Timeout);

        Assert.Equal(1009, await GatewayHarness.ReceiveCloseAsync(client));
        Assert.True(await harness.RecordGoneWithinASecondAsync(id));
    }

    [Fact]
    public async Task IdleTimeout_ClosesWith1001()
    {
        await using var harness = await GatewayHarness.StartAsync(new GatewayOptions { IdleTimeout = TimeSpan.FromMilliseconds(400) });
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        Assert.Equal(1001, await GatewayHarness.ReceiveCloseAsync(client));
        Assert.True(await harness.RecordGoneWithinASecondAsync(id));
    }

    [Fact]
    public async Task MaximumDuration_ClosesWith1001EvenWhenBusy()
    {
        await using var harness = await GatewayHarness.StartAsync(new GatewayOptions { MaxConnectionDuration = TimeSpan.FromMilliseconds(600) });
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);
        using var stopPinging = new CancellationTokenSource(GatewayHarness.Timeout);
        var pinging = Task.Run(async () =>
        {
            // Busy the whole time, so only the duration limit (not the idle one) can close it.
            while (!stopPinging.IsCancellationRequested && client.State == WebSocketState.Open)
            {
                try
                {
                    await GatewayHarness.SendTextAsync(client, """{"action":"ping"}""");
                    await Task.Delay(50, stopPinging.Token);
                }
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or InvalidOperationException)
                {
                    break;
                }
            }
        });

        var buffer = new byte[4096];
        WebSocketReceiveResult received;
        do
        {
            received = await client.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        }
        while (received.MessageType != WebSocketMessageType.Close);

        await stopPinging.CancelAsync();
        await pinging.WaitAsync(GatewayHarness.Timeout);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        var status = (int)received.CloseStatus!.Value;

        Assert.Equal(1001, status);
        Assert.True(await harness.RecordGoneWithinASecondAsync(id));
    }

    [Fact]
    public async Task Shutdown_ClosesEveryConnectionWith1001_AndEmptiesTheStore()
    {
        var harness = await GatewayHarness.StartAsync();
        var first = await harness.ConnectAsync("alice");
        var second = await harness.ConnectAsync("bob");
        var ids = new[] { await harness.ConnectionIdAsync(first), await harness.ConnectionIdAsync(second) };
        var closes = new[] { GatewayHarness.ReceiveCloseAsync(first), GatewayHarness.ReceiveCloseAsync(second) };

        await harness.Gateway.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        var statuses = await Task.WhenAll(closes);
        Assert.Equal(new[] { 1001, 1001 }, statuses);
        foreach (var id in ids)
        {
            Assert.Null(await harness.Store.GetAsync(id));
        }
    }
}
