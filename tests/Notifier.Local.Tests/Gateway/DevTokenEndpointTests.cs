using System.Net;
using System.Text;
using System.Text.Json;

namespace Notifier.Local.Tests.Gateway;

public sealed class DevTokenEndpointTests
{
    [Fact]
    public async Task GeneratedSecret_IssuesATokenTheGatewayAccepts()
    {
        await using var harness = await GatewayHarness.StartAsync(issuesDevTokens: true);

        var response = await PostAsync(harness, """{"userId":"carol"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("carol", body.GetProperty("userId").GetString());
        Assert.Equal(3600, body.GetProperty("expiresInSeconds").GetInt64());
        Assert.Equal(0, body.GetProperty("topics").GetArrayLength());
        using var client = await ConnectWithAsync(harness, body.GetProperty("token").GetString()!);
        await GatewayHarness.SendTextAsync(client, """{"action":"whoami"}""");
        Assert.Contains("\"userId\":\"carol\"", await GatewayHarness.ReceiveTextAsync(client), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topics_BecomeTheTokensTopicsClaim()
    {
        await using var harness = await GatewayHarness.StartAsync(issuesDevTokens: true);

        var response = await PostAsync(harness, """{"userId":"carol","topics":["orders/*","room:1","orders/*"]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("""["orders/*","room:1"]""", body.GetProperty("topics").GetRawText());
        using var client = await ConnectWithAsync(harness, body.GetProperty("token").GetString()!);
        Assert.Equal("subscribed", (await GatewayHarness.TopicActionAsync(client, "subscribe", "orders/42")).GetProperty("type").GetString());
        Assert.Equal("subscribed", (await GatewayHarness.TopicActionAsync(client, "subscribe", "room:1")).GetProperty("type").GetString());
        Assert.Equal("error", (await GatewayHarness.TopicActionAsync(client, "subscribe", "room:2")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task ConfiguredSecret_IssuesNothing()
    {
        await using var harness = await GatewayHarness.StartAsync(issuesDevTokens: false);

        var response = await PostAsync(harness, """{"userId":"carol"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("token\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NotJson", "{", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("NoUserId", """{"user":"carol"}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("BlankUserId", """{"userId":"  "}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("UserIdWithAControlCharacter", """{"userId":"car\u0007ol"}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("UserIdNotAString", """{"userId":42}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("TopicsNotAnArray", """{"userId":"carol","topics":"orders/*"}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("TopicNotAString", """{"userId":"carol","topics":[1]}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("TopicWithASpace", """{"userId":"carol","topics":["orders 42"]}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("StarInTheMiddle", """{"userId":"carol","topics":["orders/*/items"]}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("CrossSiteSimpleRequest_TextPlain", """{"userId":"carol"}""", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task BadRequests_AreRefused(string scenario, string body, string contentType, HttpStatusCode expected)
    {
        await using var harness = await GatewayHarness.StartAsync(issuesDevTokens: true);

        var response = await PostAsync(harness, body, contentType);

        Assert.True(expected == response.StatusCode, $"{scenario}: {response.StatusCode}");
    }

    [Fact]
    public async Task ForeignHostName_DnsRebinding_IsRefused()
    {
        await using var harness = await GatewayHarness.StartAsync(issuesDevTokens: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Gateway.BaseAddress, "_local/token"))
        {
            Content = new StringContent("""{"userId":"carol"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = "attacker.example";

        var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task BrowserClient_IsServedAsJavaScript()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, "_local/notifier-client.js"));

        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("NotifierClient", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(GatewayHarness harness, string body, string contentType = "application/json") =>
        harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "_local/token"), new StringContent(body, Encoding.UTF8, contentType));

    private static async Task<System.Net.WebSockets.ClientWebSocket> ConnectWithAsync(GatewayHarness harness, string token)
    {
        var client = new System.Net.WebSockets.ClientWebSocket();
        await client.ConnectAsync(harness.Url(token), CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        return client;
    }
}
