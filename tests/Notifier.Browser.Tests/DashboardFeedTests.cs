using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Notifier.Core.Sharding;

namespace Notifier.Browser.Tests;

/// <summary>The dashboard's live feed: what it shows as it happens, its filters and pause, a publish's details, and what it never carries.</summary>
public sealed class DashboardFeedTests
{
    private static readonly Regex DisconnectSeen = new("^event: ?disconnect\r?$", RegexOptions.Multiline);

    [SkippableFact]
    public async Task Feed_HandshakeRefusedHandshakeAndPublish_EachShownWithinASecond()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var dashboard = await DashboardPage.OpenAsync(harness);

        var (_, connectionId) = await harness.ConnectSocketAsync("alice", harness.Token("alice"));
        await Assertions.Expect(dashboard.Feed($"[data-kind=handshake][data-allowed=true]")).ToBeVisibleAsync(DashboardPage.WithinASecond);
        await Assertions.Expect(dashboard.Feed($"[data-kind=connect][data-connection-id=\"{connectionId}\"]")).ToBeVisibleAsync(DashboardPage.WithinASecond);

        await harness.RefusedHandshakeAsync(BrowserHarness.ExpiredToken("mallory"));
        var refused = dashboard.Feed("[data-kind=handshake][data-allowed=false]");
        await Assertions.Expect(refused).ToBeVisibleAsync(DashboardPage.WithinASecond);
        await Assertions.Expect(refused).ToContainTextAsync("refused 403 — authorizer: token expired");

        var report = await harness.PublishAsync("alice", """{"type":"feed","n":1}""");
        var row = dashboard.PublishRow(report.GetProperty("id").GetString()!);
        await Assertions.Expect(row).ToBeVisibleAsync(DashboardPage.WithinASecond);
        await Assertions.Expect(row).ToContainTextAsync("user alice");
        await Assertions.Expect(row).ToContainTextAsync("1 delivered");
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task Feed_ShardedBroadcast_SumsItsShardsIntoThePublishRowAsTheyFinish()
    {
        await using var harness = await BrowserHarness.StartAsync(environment: new Dictionary<string, string> { [ShardingOptions.ShardSizeVariable] = "3" });
        for (var i = 0; i < 7; i++)
        {
            await harness.ConnectSocketAsync($"user{i}", harness.Token($"user{i}"));
        }

        var dashboard = await DashboardPage.OpenAsync(harness);

        var accepted = await harness.PostNotificationAsync("""{"broadcast":true,"message":{"type":"everyone"}}""");
        var row = dashboard.PublishRow(accepted.GetProperty("messageId").GetString()!);
        var shards = accepted.GetProperty("shards").GetInt32();

        await Assertions.Expect(row).ToContainTextAsync("→ everyone · 202 · 7 recipients: 7 delivered, 0 gone, 0 throttled, 0 failed");
        await Assertions.Expect(row.Locator(".progress")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"shards (\d+)/\1$"));
        await Assertions.Expect(dashboard.Feed("[data-kind=shard]")).Not.ToHaveCountAsync(0);
        Assert.True(shards > 0);
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task Feed_UserFilterAndPause_HideOtherUsersAndHoldNewEventsUntilResumed()
    {
        await using var harness = await BrowserHarness.StartAsync();
        await harness.ConnectSocketAsync("alice", harness.Token("alice"));
        await harness.ConnectSocketAsync("bob", harness.Token("bob"));
        var dashboard = await DashboardPage.OpenAsync(harness);
        var page = dashboard.Page;

        await page.FillAsync("#filter-user", "alice");
        var toBob = await PublishIdAsync(harness, "bob");
        var toAlice = await PublishIdAsync(harness, "alice");
        await Assertions.Expect(dashboard.PublishRow(toAlice)).ToBeVisibleAsync();
        await Assertions.Expect(dashboard.PublishRow(toBob)).ToHaveCountAsync(1);
        await Assertions.Expect(dashboard.PublishRow(toBob)).ToBeHiddenAsync();
        await page.FillAsync("#filter-user", "");
        await Assertions.Expect(dashboard.PublishRow(toBob)).ToBeVisibleAsync();

        await page.ClickAsync("#pause-button");
        var whilePaused = await PublishIdAsync(harness, "alice");
        await Assertions.Expect(page.Locator("#feed-pending")).ToHaveTextAsync("1");
        await Assertions.Expect(dashboard.PublishRow(whilePaused)).ToHaveCountAsync(0);
        await page.ClickAsync("#pause-button");
        await Assertions.Expect(dashboard.PublishRow(whilePaused)).ToBeVisibleAsync();
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task Feed_KindFilter_HidesTheUncheckedKind()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var dashboard = await DashboardPage.OpenAsync(harness);
        var page = dashboard.Page;

        await page.UncheckAsync("#filter-kinds input[value=publish]");
        var publishId = await PublishIdAsync(harness, "nobody");
        await harness.ConnectSocketAsync("alice", harness.Token("alice"));

        await Assertions.Expect(dashboard.Feed("[data-kind=handshake]")).ToBeVisibleAsync();
        await Assertions.Expect(dashboard.PublishRow(publishId)).ToBeHiddenAsync();
        await page.CheckAsync("#filter-kinds input[value=publish]");
        await Assertions.Expect(dashboard.PublishRow(publishId)).ToBeVisibleAsync();
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task PublishRow_Clicked_ShowsTheMessageJsonAndTheOutcomePerConnection()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var (_, connectionId) = await harness.ConnectSocketAsync("alice", harness.Token("alice"));
        var dashboard = await DashboardPage.OpenAsync(harness);
        var page = dashboard.Page;

        var report = await harness.PublishAsync("alice", """{"type":"detail","n":5}""");
        await dashboard.PublishRow(report.GetProperty("id").GetString()!).ClickAsync();

        await Assertions.Expect(page.Locator("#publish-detail")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#publish-detail-message")).ToContainTextAsync("\"n\": 5");
        await Assertions.Expect(page.Locator("#publish-detail-message")).ToContainTextAsync("\"type\": \"detail\"");
        var outcome = page.Locator($"#publish-detail-outcomes tr[data-connection-id=\"{connectionId}\"]");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("data-outcome", "delivered");
        await Assertions.Expect(outcome).ToContainTextAsync("alice");
        await Assertions.Expect(page.Locator("#publish-detail-outcomes tr")).ToHaveCountAsync(1);
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task Feed_WithAValidAndARefusedToken_NeverShowsEitherToThePage()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var bodies = new List<string>();
        var stream = new StringBuilder();
        using var reading = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var streamRead = ReadEventStreamAsync(harness, stream, reading.Token);
        await harness.Context.RouteAsync("**/*", async route =>
        {
            // The event stream never ends, so its body is read over HTTP, as the page reads it; every other answer passes through here.
            if (route.Request.Url.EndsWith("/_local/events", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            var response = await route.FetchAsync();
            var body = await response.TextAsync();
            lock (bodies)
            {
                bodies.Add(body);
            }

            await route.FulfillAsync(new() { Response = response });
        });
        var dashboard = await DashboardPage.OpenAsync(harness);
        var token = harness.Token("alice");
        var refusedToken = BrowserHarness.ExpiredToken("mallory");

        var (socket, connectionId) = await harness.ConnectSocketAsync("alice", token);
        await harness.RefusedHandshakeAsync(refusedToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"action":"whoami"}"""), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(BrowserHarness.Timeout);
        var reply = new byte[4096];
        Assert.Equal(WebSocketMessageType.Text, (await socket.ReceiveAsync(reply, CancellationToken.None).WaitAsync(BrowserHarness.Timeout)).MessageType);
        await harness.PublishAsync("alice", """{"type":"secret-test"}""");
        Assert.Equal(WebSocketMessageType.Text, (await socket.ReceiveAsync(reply, CancellationToken.None).WaitAsync(BrowserHarness.Timeout)).MessageType);
        var closing = socket.ReceiveAsync(reply, CancellationToken.None);
        await dashboard.ShowAsync("connections");
        await dashboard.Page.Locator($"#connections tr[data-connection-id=\"{connectionId}\"] button").ClickAsync();
        Assert.Equal(WebSocketMessageType.Close, (await closing.WaitAsync(BrowserHarness.Timeout)).MessageType);
        await Assertions.Expect(dashboard.Feed($"[data-kind=disconnect][data-connection-id=\"{connectionId}\"]")).ToBeVisibleAsync();
        await Assertions.Expect(dashboard.Feed("[data-kind=message]")).ToBeVisibleAsync();
        await WaitForAsync(() => DisconnectSeen.IsMatch(Snapshot(stream)));
        await reading.CancelAsync();
        await streamRead;

        string answers;
        lock (bodies)
        {
            answers = string.Join("\n", bodies);
        }

        var events = Snapshot(stream);
        var seen = answers + "\n" + events;
        Assert.Contains(connectionId, answers, StringComparison.Ordinal);
        Assert.Matches(DisconnectSeen, events);
        Assert.Matches("\"allowed\"\\s*:\\s*false", events);
        foreach (var secret in new[] { token, refusedToken, token.Split('.')[2], refusedToken.Split('.')[2] })
        {
            Assert.DoesNotContain(secret, seen, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("token=", events, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await dashboard.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(dashboard.Problems);
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < BrowserHarness.Timeout)
        {
            await Task.Delay(20);
        }
    }

    private static async Task<string> PublishIdAsync(BrowserHarness harness, string user) =>
        (await harness.PublishAsync(user, """{"type":"filter-test"}""")).GetProperty("id").GetString()!;

    /// <summary>Reads <c>GET /_local/events</c> into <paramref name="text"/> until <paramref name="cancellationToken"/> ends it.</summary>
    private static async Task ReadEventStreamAsync(BrowserHarness harness, StringBuilder text, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, "_local/events"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lock (text)
                {
                    text.AppendLine(line);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
