using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Notifier.Local.Tests.Gateway;

/// <summary>Nothing the dashboard sends a page (the feed's bytes, every <c>/_local</c> answer, the page itself) holds a token or a query string.</summary>
public sealed partial class DashboardSecretsTests
{
    [Fact]
    public async Task EverythingSentToThePage_DuringASession_HoldsNoTokenAndNoQueryString()
    {
        await using var harness = await GatewayHarness.StartAsync();
        await using var feed = await FeedReader.OpenAsync(harness.Gateway.BaseAddress);
        var answers = new StringBuilder();
        var allowedToken = harness.TokenWithTopics("alice", "room:*");
        var refusedToken = harness.Token("mallory") + "x";

        using var client = new System.Net.WebSockets.ClientWebSocket();
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        await client.ConnectAsync(harness.Url(allowedToken, "&color=zq7blue"), CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        Assert.Equal(403, await harness.RefusedStatusAsync(harness.Url(refusedToken, "&color=zq7red")));
        var connectionId = await harness.ConnectionIdAsync(client);
        await GatewayHarness.TopicActionAsync(client, "subscribe", "room:1");
        foreach (var body in new[] { """{"userId":"alice","message":{"n":1}}""", """{"topic":"room:1","message":{"n":2}}""", """{"connectionId":"nope","message":{}}""" })
        {
            using var published = await harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(published.IsSuccessStatusCode);
        }

        var management = new Uri($"{harness.Gateway.ManagementEndpoint}/@connections/{Uri.EscapeDataString(connectionId)}");
        Assert.Equal(HttpStatusCode.OK, (await harness.Http.GetAsync(management)).StatusCode);
        foreach (var path in new[] { "_local/connections", "_local/topics", "_local/streams", "_local/metrics", "_local/delivery", string.Empty })
        {
            answers.Append(await harness.Http.GetStringAsync(new Uri(harness.Gateway.BaseAddress, path))).Append('\n');
        }

        Assert.Equal(HttpStatusCode.NoContent, (await harness.Http.DeleteAsync(management)).StatusCode);
        client.Abort();
        await feed.WaitForEventAsync("disconnect", e => e.GetProperty("connectionId").GetString() == connectionId);
        await feed.WaitForEventAsync("handshake", e => e.GetProperty("status").GetInt32() == 403);
        var publishes = feed.Messages.Where(m => m.Event == "publish").Select(m => m.Json.GetProperty("publishId").GetString()!).ToList();
        Assert.Equal(3, publishes.Count);
        foreach (var publishId in publishes)
        {
            answers.Append(await harness.Http.GetStringAsync(new Uri(harness.Gateway.BaseAddress, $"_local/publishes/{publishId}"))).Append('\n');
        }

        var everything = feed.Raw + "\n" + answers;
        Assert.Contains(connectionId, feed.Raw, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"message\"", feed.Raw, StringComparison.Ordinal);
        foreach (var secret in new[] { allowedToken, refusedToken, allowedToken.Split('.')[2], refusedToken.Split('.')[2], "token=", "color=", "zq7blue", "zq7red" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(JwtShape(), everything);
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.")]
    private static partial Regex JwtShape();
}
