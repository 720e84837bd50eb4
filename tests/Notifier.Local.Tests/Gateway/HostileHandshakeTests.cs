using System.Text;
using Notifier.Local.Gateway;
using Notifier.Testing.Network;

namespace Notifier.Local.Tests.Gateway;

/// <summary>Handshakes built to hurt: stalled halfway, oversized, or carrying the token where logs could catch it.</summary>
public sealed class HostileHandshakeTests
{
    [Fact]
    public async Task SlowHandshake_HalfAnUpgradeThenSilence_IsDroppedAfterTheTimeout_WithoutBlockingOthers()
    {
        await using var harness = await GatewayHarness.StartAsync(new GatewayOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) });
        var request = RawWebSocketClient.UpgradeRequest(harness.Url(harness.Token("slow-user")));
        var stalled = new List<RawWebSocketClient>();
        for (var i = 0; i < 50; i++)
        {
            var client = await RawWebSocketClient.OpenAsync(harness.Gateway.WebSocketUrl);
            await client.SendRawAsync(Encoding.ASCII.GetBytes(request[..(request.Length / 2)]));
            stalled.Add(client);
        }

        var bystander = await harness.ConnectAsync("bystander-user");
        await GatewayHarness.SendTextAsync(bystander, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(bystander));

        // Kestrel checks the timeout on its one-second heartbeat; a busy machine needs a few beats more. Far under
        // Kestrel's own 30 s default, so the gateway's setting is what is tested.
        var hungUp = await Task.WhenAll(stalled.Select(client => client.ServerHangsUpWithinAsync(TimeSpan.FromSeconds(6))));
        Assert.All(hungUp, Assert.True);
        stalled.ForEach(client => client.Dispose());
        Assert.Equal(1, harness.Gateway.Connections.Count);
        harness.AssertLogsHoldNoSecrets("slow-user", "bystander-user");
    }

    [Fact]
    public async Task HugeHeaders_AreRefusedWith431_BeforeTheAuthorizerRuns()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var headers = new Dictionary<string, string> { ["X-Padding"] = new string('h', 64 * 1024) };

        using var client = await RawWebSocketClient.ConnectAsync(harness.Url(harness.Token("alice-user")), headers);

        Assert.Equal(431, client.HandshakeStatus);
        Assert.DoesNotContain("Authorizer", harness.Logs.AllText, StringComparison.Ordinal);
        var bystander = await harness.ConnectAsync("bystander-user");
        await GatewayHarness.SendTextAsync(bystander, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(bystander));
    }

    [Fact]
    public async Task EightyHeadersOf300Bytes_UnderKestrelsCountAndSizeLimits_AreAccepted()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var headers = Enumerable.Range(0, 80).ToDictionary(i => $"X-Extra-{i}", i => new string('v', 300));

        using var client = await RawWebSocketClient.ConnectAsync(harness.Url(harness.Token("alice-user")), headers);

        Assert.Equal(101, client.HandshakeStatus);
        Assert.NotEmpty(await GatewayHarness.ConnectionIdAsync(client));
    }

    [Theory]
    [InlineData(4097)]
    [InlineData(9000)]
    [InlineData(70_000)]
    public async Task QueryStringOverTheLimit_IsRefused_AndNeitherTokenNorQueryIsLogged(int urlLength)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var url = harness.Url(harness.Token("alice-user"));
        var padded = new Uri(url.AbsoluteUri + "&pad=" + new string('p', urlLength - url.PathAndQuery.Length - 5));

        using var client = await RawWebSocketClient.ConnectAsync(padded);

        // 414 from the gateway's own check; Kestrel refuses a request line over 8 KB before that, also with 414,
        // and one over its header limit with 431.
        Assert.Contains(client.HandshakeStatus, new[] { 414, 431 });
        Assert.Equal(0, harness.Gateway.Connections.Count);
        harness.AssertLogsHoldNoSecrets("alice-user", "ppppp");
    }
}
