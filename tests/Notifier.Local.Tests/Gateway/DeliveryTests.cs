using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Notifier.Local.Tests.Gateway;

public sealed class DeliveryTests
{
    [Fact]
    public async Task Publish_ToUser_BothDevicesReceive_OtherUserDoesNot()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var phone = await harness.ConnectAsync("alice");
        var laptop = await harness.ConnectAsync("alice");
        var bob = await harness.ConnectAsync("bob");
        await harness.ConnectionIdAsync(bob);

        var response = await harness.Http.PostAsync(
            new Uri(harness.Gateway.BaseAddress, "notifications"),
            new StringContent("""{"userId":"alice","message":{ "title" : "hi" }}""", Encoding.UTF8, "application/json"));

        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, report.GetProperty("delivered").GetArrayLength());
        Assert.Equal("""{"title":"hi"}""", await GatewayHarness.ReceiveTextAsync(phone));
        Assert.Equal("""{"title":"hi"}""", await GatewayHarness.ReceiveTextAsync(laptop));
        await GatewayHarness.SendTextAsync(bob, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(bob));
    }

    [Theory]
    [InlineData("not json", 400)]
    [InlineData("""{"message":{"a":1}}""", 400)]
    [InlineData("""{"userId":"alice"}""", 400)]
    public async Task Publish_BadRequest_IsExplained(string body, int status)
    {
        await using var harness = await GatewayHarness.StartAsync();

        var response = await harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains("message", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_MessageOver128KB_Is413BeforeAnyDelivery()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var body = JsonSerializer.Serialize(new { userId = "alice", message = new string('x', 131_072) });

        var response = await harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Contains("131072", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementPost_ReachesTheSocket_AndLargeMessagesArriveInFrames()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);
        var big = "\"" + new string('x', 100_000) + "\"";

        var small = await harness.Http.PostAsync(ConnectionUrl(harness, id), new StringContent("""{"n":1}"""));
        var large = await harness.Http.PostAsync(ConnectionUrl(harness, id), new StringContent(big));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        Assert.Equal("""{"n":1}""", await GatewayHarness.ReceiveTextAsync(client));
        var (text, frames) = await GatewayHarness.ReceiveAsync(client);
        Assert.Equal(big, text);
        Assert.Equal(4, frames);
    }

    [Fact]
    public async Task ManagementPost_OverTheLimit_Is413_UnknownIs410()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        var tooLarge = await harness.Http.PostAsync(ConnectionUrl(harness, id), new ByteArrayContent(new byte[(128 * 1024) + 1]));
        var unknown = await harness.Http.PostAsync(ConnectionUrl(harness, "L0SM+cOF/HcCIhw="), new StringContent("{}"));

        Assert.Equal(413, (int)tooLarge.StatusCode);
        Assert.Equal("PayloadTooLargeException", tooLarge.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(410, (int)unknown.StatusCode);
        Assert.Equal("GoneException", unknown.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task ManagementGet_DescribesTheConnection()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        var info = await harness.Http.GetFromJsonAsync<JsonElement>(ConnectionUrl(harness, id));

        Assert.EndsWith("Z", info.GetProperty("connectedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", info.GetProperty("identity").GetProperty("sourceIp").GetString());
        Assert.True(info.TryGetProperty("lastActiveAt", out _));
    }

    [Fact]
    public async Task ManagementDelete_ClosesTheSocket_RemovesTheRecord_ThenPostIs410()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        var deleted = await harness.Http.DeleteAsync(ConnectionUrl(harness, id));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(1000, await GatewayHarness.ReceiveCloseAsync(client));
        Assert.True(await harness.RecordGoneWithinASecondAsync(id));
        Assert.Equal(410, (int)(await harness.Http.PostAsync(ConnectionUrl(harness, id), new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task Dashboard_ListsLiveConnections()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        var list = await harness.Http.GetFromJsonAsync<JsonElement>(new Uri(harness.Gateway.BaseAddress, "_local/connections"));
        var page = await harness.Http.GetStringAsync(harness.Gateway.BaseAddress);

        var entry = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, entry.GetProperty("connectionId").GetString());
        Assert.Equal("alice", entry.GetProperty("userId").GetString());
        Assert.Equal(1, entry.GetProperty("messagesIn").GetInt64());
        Assert.Contains("<title>Notifier local gateway</title>", page, StringComparison.Ordinal);
    }

    private static Uri ConnectionUrl(GatewayHarness harness, string connectionId) =>
        new($"{harness.Gateway.ManagementEndpoint}/@connections/{Uri.EscapeDataString(connectionId)}");
}
