using System.Text.Json;

namespace Notifier.Local.Tests.Gateway;

/// <summary>What a user with a valid token cannot do over their own socket: name, read, close or message another user's connection.</summary>
public sealed class ValidTokenLimitsTests
{
    [Fact]
    public async Task Socket_MessagesNamingAnotherConnection_ReachOnlyTheSender_AndLeakNothingAboutTheOther()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var attacker = await harness.ConnectAsync("mallory");
        var victim = await harness.ConnectAsync("alice");
        var attackerId = await harness.ConnectionIdAsync(attacker);
        var victimId = await harness.ConnectionIdAsync(victim);
        string[] attempts =
        [
            $$"""{"action":"whoami","connectionId":"{{victimId}}","userId":"alice"}""",
            $$$"""{"action":"send","connectionId":"{{{victimId}}}","message":{"title":"phish"}}""",
            $$"""{"action":"$disconnect","connectionId":"{{victimId}}"}""",
            """{"action":"sendmessage","userId":"alice","data":"phish"}""",
            $$"""{"action":"ping","connectionId":"{{victimId}}"}""",
        ];

        foreach (var attempt in attempts)
        {
            await GatewayHarness.SendTextAsync(attacker, attempt);
            var reply = await GatewayHarness.ReceiveTextAsync(attacker);
            Assert.DoesNotContain(victimId, reply, StringComparison.Ordinal);
            Assert.DoesNotContain("alice", reply, StringComparison.Ordinal);
        }

        await GatewayHarness.SendTextAsync(attacker, """{"action":"whoami","userId":"alice"}""");
        var whoami = JsonDocument.Parse(await GatewayHarness.ReceiveTextAsync(attacker)).RootElement;
        Assert.Equal(attackerId, whoami.GetProperty("connectionId").GetString());
        Assert.Equal("mallory", whoami.GetProperty("userId").GetString());

        // The victim's socket is still open and its next frame is the answer to its own ping: nothing arrived from the attacker.
        await GatewayHarness.SendTextAsync(victim, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(victim));
        Assert.Equal("alice", (await harness.Store.GetAsync(victimId))?.UserId);
    }

    [Fact]
    public async Task Handshake_TokenForOneUser_ExtraUserParameters_AreIgnored()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var url = harness.Url(harness.Token("mallory"), "&userId=alice&principalId=alice&sub=alice");
        var client = new System.Net.WebSockets.ClientWebSocket();
        await client.ConnectAsync(url, CancellationToken.None).WaitAsync(GatewayHarness.Timeout);

        await GatewayHarness.SendTextAsync(client, """{"action":"whoami"}""");
        var whoami = JsonDocument.Parse(await GatewayHarness.ReceiveTextAsync(client)).RootElement;

        Assert.Equal("mallory", whoami.GetProperty("userId").GetString());
        Assert.Empty(await harness.Store.ListByUserAsync("alice"));
        client.Abort();
        client.Dispose();
    }
}
