using System.Net.WebSockets;

namespace Notifier.Local.Tests.Gateway;

/// <summary>One valid token cannot open connections without end: over the cap the handshake is refused with 429.</summary>
public sealed class ConnectionCapTests
{
    [Fact]
    public async Task Connect_OverTheDefaultCapOf20_Is429_OthersStillConnect_AndAClosedOneFreesASlot()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var token = harness.Token("capped-user");
        var open = new List<ClientWebSocket>();
        for (var i = 0; i < 20; i++)
        {
            open.Add(await harness.ConnectAsync("capped-user"));
        }

        Assert.Equal(429, await harness.RefusedStatusAsync(harness.Url(token)));
        var other = await harness.ConnectAsync("other-user");
        Assert.NotEmpty(await harness.ConnectionIdAsync(other));

        var freed = await harness.ConnectionIdAsync(open[0]);
        await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        Assert.True(await harness.RecordGoneWithinASecondAsync(freed));
        var again = await harness.ConnectAsync("capped-user");
        Assert.NotEmpty(await harness.ConnectionIdAsync(again));

        Assert.Equal(20, (await harness.Store.ListByUserAsync("capped-user")).Count);
        Assert.Contains("Handshake refused with 429", harness.Logs.AllText, StringComparison.Ordinal);
        harness.AssertLogsHoldNoSecrets("capped-user", "other-user");
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("0", 30)]
    public async Task Connect_CapFromTheEnvironment_IsHonoured(string setting, int allowed)
    {
        await using var harness = await GatewayHarness.StartAsync(environment: new Dictionary<string, string> { ["NOTIFIER_MAX_CONNECTIONS_PER_USER"] = setting });

        for (var i = 0; i < allowed; i++)
        {
            await harness.ConnectAsync("capped-user");
        }

        if (setting != "0")
        {
            Assert.Equal(429, await harness.RefusedStatusAsync(harness.Url(harness.Token("capped-user"))));
        }

        Assert.Equal(allowed, await harness.ConnectionsSettleAtAsync(allowed));
    }
}
