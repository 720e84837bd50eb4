using System.Net.WebSockets;
using Notifier.Testing.Connections;
using Notifier.Testing.Network;

namespace Notifier.Local.Tests.Gateway;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Connect_ValidToken_StoresRecordWithManagementEndpoint()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");

        var connectionId = await harness.ConnectionIdAsync(client);

        Assert.Equal(16, connectionId.Length);
        Assert.EndsWith("=", connectionId, StringComparison.Ordinal);
        var record = await harness.Store.GetAsync(connectionId);
        Assert.Equal("alice", record?.UserId);
        Assert.Equal(harness.Gateway.ManagementEndpoint.AbsoluteUri, record!.Endpoint);
    }

    [Fact]
    public async Task Connect_NoToken_Is401()
    {
        await using var harness = await GatewayHarness.StartAsync();

        Assert.Equal(401, await harness.RefusedStatusAsync(harness.Url(null)));
        Assert.Equal(401, await harness.RefusedStatusAsync(harness.Url(string.Empty)));
    }

    [Fact]
    public async Task Connect_InvalidOrExpiredToken_Is403()
    {
        await using var harness = await GatewayHarness.StartAsync();

        Assert.Equal(403, await harness.RefusedStatusAsync(harness.Url("not-a-jwt")));
        Assert.Equal(403, await harness.RefusedStatusAsync(harness.Url(harness.Token("alice", TimeSpan.FromSeconds(1)) + "x")));
    }

    [Fact]
    public async Task Connect_TwoDifferentAuthorizationHeaders_Is403()
    {
        // HTTP names are case-insensitive: Kestrel keeps both lines as two values of one header, and the
        // authorizer event carries both in multiValueHeaders, as API Gateway sends them.
        await using var harness = await GatewayHarness.StartAsync();
        var alice = harness.Token("alice");
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + alice, ["authorization"] = "Bearer " + harness.Token("mallory") };

        using var client = await RawWebSocketClient.ConnectAsync(harness.Url(alice), headers);

        Assert.Equal(403, client.HandshakeStatus);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("more than one token offered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_SameTokenInTwoAuthorizationHeaders_Connects()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var alice = harness.Token("alice");
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + alice, ["authorization"] = "Bearer " + alice };

        using var client = await RawWebSocketClient.ConnectAsync(harness.Url(alice), headers);

        Assert.Equal(101, client.HandshakeStatus);
    }

    [Fact]
    public async Task Connect_UrlOver4096Characters_Is414()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var status = await harness.RefusedStatusAsync(harness.Url(harness.Token("alice"), "&pad=" + new string('p', 4100)));

        Assert.Equal(414, status);
    }

    [Fact]
    public async Task Connect_StoreDown_IsRefusedWith500()
    {
        await using var harness = await GatewayHarness.StartAsync(store: new UnavailableConnectionStore());

        Assert.Equal(500, await harness.RefusedStatusAsync(harness.Url(harness.Token("alice"))));
    }

    [Fact]
    public async Task Connect_RequestedSubprotocols_FirstIsEchoed()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var client = await harness.ConnectAsync("alice", "notifier.v1", "json");

        Assert.Equal("notifier.v1", client.SubProtocol);
    }

    [Fact]
    public async Task Messages_PingWhoamiAndGarbage_AreAnsweredOnTheSocket()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");

        await GatewayHarness.SendTextAsync(client, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(client));
        await GatewayHarness.SendTextAsync(client, "not json");
        Assert.Contains("not valid JSON", await GatewayHarness.ReceiveTextAsync(client), StringComparison.Ordinal);
        await client.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        Assert.Contains("empty message", await GatewayHarness.ReceiveTextAsync(client), StringComparison.Ordinal);
        await GatewayHarness.SendTextAsync(client, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(client));
    }

    [Fact]
    public async Task Logs_NeverContainTheToken()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var token = harness.Token("secret-user");
        var client = await harness.ConnectAsync("secret-user");
        await harness.ConnectionIdAsync(client);
        await harness.RefusedStatusAsync(harness.Url(token + "tampered"));

        Assert.DoesNotContain(token, harness.Logs.AllText, StringComparison.Ordinal);
        harness.AssertLogsHoldNoSecrets("secret-user");
    }
}
