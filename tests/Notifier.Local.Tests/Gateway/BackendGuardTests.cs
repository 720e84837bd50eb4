using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

/// <summary>What a hostile web page in the developer's browser can do to the local gateway: nothing that changes state or reveals users.</summary>
public sealed class BackendGuardTests
{
    private const string KeyId = "AKIDLOCALTEST";
    private const string Secret = "local-test-secret-key";

    [Fact]
    public async Task Publish_CrossOriginSimpleRequest_IsRefusedAndDeliversNothing()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        await harness.ConnectionIdAsync(client);

        // What a form or fetch(..., {mode: "no-cors"}) on another site sends: no preflight needed.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Gateway.BaseAddress, "notifications"))
        {
            Content = new StringContent("""{"userId":"alice","message":{"evil":true}}""", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await GatewayHarness.AssertNothingPendingAsync(client);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task Publish_NotJson_Is415AndDeliversNothing(string? contentType)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        await harness.ConnectionIdAsync(client);
        var content = new ByteArrayContent("""{"userId":"alice","message":{"a":1}}"""u8.ToArray());
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var response = await harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "notifications"), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await GatewayHarness.AssertNothingPendingAsync(client);
    }

    [Theory]
    [InlineData("GET", "_local/connections")]
    [InlineData("GET", "users/alice/presence")]
    [InlineData("GET", "topics/orders/42/members")]
    [InlineData("POST", "notifications")]
    [InlineData("POST", "local/@connections/{id}")]
    [InlineData("GET", "local/@connections/{id}")]
    [InlineData("DELETE", "local/@connections/{id}")]
    public async Task BackendEndpoint_DnsRebindingHost_IsRefused(string method, string path)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(harness.Gateway.BaseAddress, path.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal)));
        request.Headers.Host = $"rebind.evil.example:{harness.Gateway.Options.Port}";
        if (method == "POST")
        {
            request.Content = new StringContent("""{"userId":"alice","message":{"evil":true}}""", Encoding.UTF8, "application/json");
        }

        var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("alice", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await GatewayHarness.AssertNothingPendingAsync(client);
        Assert.True(harness.Gateway.Connections.TryGet(id, out _), "the connection was closed");
    }

    [Fact]
    public async Task BackendEndpoint_FromTheDashboardItself_IsServed()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(harness.Gateway.BaseAddress, "_local/connections"));
        request.Headers.Add("Origin", harness.Gateway.BaseAddress.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_MayNotBeFramed()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var response = await harness.Http.GetAsync(harness.Gateway.BaseAddress);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "_local/connections")]
    [InlineData("GET", "users/alice/presence")]
    [InlineData("GET", "topics/orders/42/members")]
    [InlineData("POST", "notifications")]
    public async Task BackendEndpoint_KeysConfigured_RequiresASignature(string method, string path)
    {
        await using var harness = await GatewayHarness.StartAsync(new GatewayOptions { ManagementCredentials = (KeyId, Secret) });
        var client = await harness.ConnectAsync("alice");
        await harness.ConnectionIdAsync(client);

        var unsigned = await harness.Http.SendAsync(Request(harness, method, path));
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        await GatewayHarness.AssertNothingPendingAsync(client);

        using var wrongKey = SignedClient("not-the-secret");
        Assert.Equal(HttpStatusCode.Forbidden, (await wrongKey.SendAsync(Request(harness, method, path))).StatusCode);

        using var signed = SignedClient(Secret);
        var answer = await signed.SendAsync(Request(harness, method, path));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        if (method == "POST")
        {
            Assert.Equal("""{"signed":true}""", await GatewayHarness.ReceiveTextAsync(client));
        }
    }

    private static HttpRequestMessage Request(GatewayHarness harness, string method, string path) => new(new HttpMethod(method), new Uri(harness.Gateway.BaseAddress, path))
    {
        Content = method == "POST" ? new StringContent("""{"userId":"alice","message":{"signed":true}}""", Encoding.UTF8, "application/json") : null,
    };

    private static HttpClient SignedClient(string secret) =>
        new(new SigV4SigningHandler(new BasicAWSCredentials(KeyId, secret), Amazon.RegionEndpoint.USEast1, "execute-api", new SocketsHttpHandler()))
        {
            Timeout = GatewayHarness.Timeout,
        };
}
