using System.Text;
using System.Text.Json;

namespace Notifier.Local.Tests.Gateway;

/// <summary>The <c>notifier.v1</c> subprotocol over real sockets: chosen at the handshake, kept on the record, and answered with envelopes.</summary>
public sealed class EnvelopeDeliveryTests
{
    private static async Task<JsonElement> PublishAsync(GatewayHarness harness, string body)
    {
        var response = await harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Connect_NotifierV1Offered_IsEchoed_AndKeptOnTheConnectionsRecord()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var client = await harness.ConnectAsync("alice", "json", "notifier.v1");
        var connectionId = await harness.ConnectionIdAsync(client);

        Assert.Equal("notifier.v1", client.SubProtocol);
        Assert.Equal("notifier.v1", (await harness.Store.GetAsync(connectionId))!.Protocol);
    }

    [Fact]
    public async Task Connect_NoSubprotocol_KeepsNoneOnTheRecord()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var client = await harness.ConnectAsync("alice");
        var connectionId = await harness.ConnectionIdAsync(client);

        Assert.Null(client.SubProtocol);
        Assert.Null((await harness.Store.GetAsync(connectionId))!.Protocol);
    }

    [Fact]
    public async Task Publish_ToUser_NotifierV1ClientGetsNumberedEnvelopes_PlainClientTheMessageBytes()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var v1 = await harness.ConnectAsync("alice", "notifier.v1");
        var plain = await harness.ConnectAsync("alice");
        await harness.ConnectionIdAsync(v1);
        await harness.ConnectionIdAsync(plain);

        var first = await PublishAsync(harness, """{"userId":"alice","message":{ "title" : "hi" }}""");
        var second = await PublishAsync(harness, """{"userIds":["alice","bob"],"message":[1, 2]}""");

        var firstId = first.GetProperty("id").GetString();
        Assert.Equal(1, first.GetProperty("streams").GetProperty("user:alice").GetInt64());
        Assert.Equal(
            $$$"""{"type":"notification","id":"{{{firstId}}}","stream":"user:alice","seq":1,"message":{"title":"hi"}}""",
            await GatewayHarness.ReceiveTextAsync(v1));
        var secondId = second.GetProperty("id").GetString();
        Assert.NotEqual(firstId, secondId);
        Assert.Equal(2, second.GetProperty("streams").GetProperty("user:alice").GetInt64());
        Assert.Equal(1, second.GetProperty("streams").GetProperty("user:bob").GetInt64());
        Assert.Equal(
            $$"""{"type":"notification","id":"{{secondId}}","stream":"user:alice","seq":2,"message":[1,2]}""",
            await GatewayHarness.ReceiveTextAsync(v1));
        Assert.Equal("""{"title":"hi"}""", await GatewayHarness.ReceiveTextAsync(plain));
        Assert.Equal("[1,2]", await GatewayHarness.ReceiveTextAsync(plain));
    }
}
