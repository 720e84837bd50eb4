using System.Net.WebSockets;
using Microsoft.Playwright;

namespace Notifier.Browser.Tests;

/// <summary>The dashboard's views: charts that follow the gateway, a Disconnect that ends a connection, and a page that needs nothing but the gateway.</summary>
public sealed class DashboardViewTests
{
    [SkippableFact]
    public async Task Charts_AfterABurstOfPublishes_CountThemAndTheirDeliveries()
    {
        await using var harness = await BrowserHarness.StartAsync();
        await harness.ConnectSocketAsync("alice", harness.Token("alice"));
        var dashboard = await DashboardPage.OpenAsync(harness);
        await Assertions.Expect(dashboard.Page.Locator("#chart-connections")).ToHaveAttributeAsync("data-last", "1");
        var publishedBefore = await dashboard.ChartValueAsync("published", "sum");
        var deliveredBefore = await dashboard.ChartValueAsync("delivered", "sum");
        var pathBefore = await dashboard.Page.GetAttributeAsync("#chart-published path.line", "d");

        const int Burst = 25;
        for (var i = 0; i < Burst; i++)
        {
            await harness.PublishAsync("alice", $$"""{"type":"burst","n":{{i}}}""");
        }

        await dashboard.Page.WaitForFunctionAsync(
            "([published, delivered]) => Number(document.querySelector('#chart-published').dataset.sum) >= published"
            + " && Number(document.querySelector('#chart-delivered').dataset.sum) >= delivered",
            new[] { publishedBefore + Burst, deliveredBefore + Burst },
            new() { Timeout = (float)BrowserHarness.Timeout.TotalMilliseconds });
        Assert.Equal(publishedBefore + Burst, await dashboard.ChartValueAsync("published", "sum"));
        Assert.Equal(deliveredBefore + Burst, await dashboard.ChartValueAsync("delivered", "sum"));
        Assert.NotEqual(pathBefore, await dashboard.Page.GetAttributeAsync("#chart-published path.line", "d"));
        Assert.Equal(0, await dashboard.ChartValueAsync("failures", "sum"));
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task DisconnectButton_InTheConnectionsView_EndsTheConnectionAndTheFeedShowsIt()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var (socket, connectionId) = await harness.ConnectSocketAsync("dave", harness.Token("dave", "orders/*"));
        await socket.SendAsync("""{"action":"subscribe","topic":"orders/1"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None)
            .WaitAsync(BrowserHarness.Timeout);
        Assert.Equal(WebSocketMessageType.Text, (await socket.ReceiveAsync(new byte[1024], CancellationToken.None).WaitAsync(BrowserHarness.Timeout)).MessageType);
        Assert.Equal(1, await harness.WaitForMembersAsync("orders/1", 1));
        var dashboard = await DashboardPage.OpenAsync(harness);
        await dashboard.ShowAsync("connections");
        var row = dashboard.Page.Locator($"#connections tr[data-connection-id=\"{connectionId}\"]");
        await Assertions.Expect(row).ToContainTextAsync("dave");
        await Assertions.Expect(row.Locator(".subscriptions")).ToHaveTextAsync("orders/1");

        // Reading lets the socket answer the gateway's close at once, as a browser would.
        var closing = socket.ReceiveAsync(new byte[256], CancellationToken.None);
        await row.Locator("button[data-testid=disconnect-button]").ClickAsync();

        await Assertions.Expect(dashboard.Feed($"[data-kind=management][data-status=\"204\"]")).ToContainTextAsync("DELETE");
        await Assertions.Expect(dashboard.Feed($"[data-kind=disconnect][data-connection-id=\"{connectionId}\"]")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.True(await harness.WaitForGoneAsync(connectionId));
        Assert.Equal(WebSocketMessageType.Close, (await closing.WaitAsync(BrowserHarness.Timeout)).MessageType);
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task Dashboard_LightOrDarkSystemAndALaptopScreen_FollowsTheSchemeAndKeepsTwoColumns()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var dashboard = await DashboardPage.OpenAsync(harness);
        var page = dashboard.Page;
        const string Background = "() => getComputedStyle(document.body).backgroundColor";

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        var light = await page.EvaluateAsync<string>(Background);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        var dark = await page.EvaluateAsync<string>(Background);
        await page.SetViewportSizeAsync(1280, 800);
        var columns = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.layout')).gridTemplateColumns");

        Assert.Equal("rgb(246, 247, 249)", light);
        Assert.Equal("rgb(17, 20, 24)", dark);
        Assert.Equal(2, columns.Split(' ').Length);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1280"));
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task Dashboard_WithEveryOtherHostBlocked_WorksFromTheGatewayAlone()
    {
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: true);
        var gateway = harness.Gateway.BaseAddress.GetLeftPart(UriPartial.Authority);
        var blocked = new List<string>();
        var requested = new List<string>();
        await harness.Context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(gateway + "/", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            lock (blocked)
            {
                blocked.Add(route.Request.Url);
            }

            await route.AbortAsync("internetdisconnected");
        });
        harness.Context.Request += (_, request) =>
        {
            lock (requested)
            {
                requested.Add(request.Url);
            }
        };
        await harness.ConnectSocketAsync("alice", harness.Token("alice"));

        var dashboard = await DashboardPage.OpenAsync(harness);
        var report = await harness.PublishAsync("alice", """{"type":"offline"}""");
        await Assertions.Expect(dashboard.PublishRow(report.GetProperty("id").GetString()!)).ToBeVisibleAsync();
        await Assertions.Expect(dashboard.Page.Locator("#chart-connections")).ToHaveAttributeAsync("data-last", "1");
        await Assertions.Expect(dashboard.Page.Locator("#chart-published path.line")).ToHaveAttributeAsync("d", new System.Text.RegularExpressions.Regex("^M0.0 "));
        Assert.Equal("grid", await dashboard.Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.layout')).display"));
        await dashboard.ConnectAsUserAsync("carol");

        Assert.Empty(blocked);
        Assert.NotEmpty(requested);
        Assert.All(requested, url => Assert.StartsWith(gateway + "/", url, StringComparison.Ordinal));
        Assert.Empty(dashboard.Problems);
    }
}
