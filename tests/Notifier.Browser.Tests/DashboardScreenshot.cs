using System.Net.WebSockets;
using Microsoft.Playwright;

namespace Notifier.Browser.Tests;

/// <summary>The dashboard in use renders and can be pictured: with <c>NOTIFIER_SCREENSHOT</c> naming a file, two minutes of activity are pictured there for the README; otherwise a few seconds, pictured to a temporary file.</summary>
/// <remarks><c>NOTIFIER_SCREENSHOT=$PWD/docs/dashboard.png dotnet test tests/Notifier.Browser.Tests --filter DashboardScreenshot</c></remarks>
public sealed class DashboardScreenshot
{
    /// <summary>How long the gateway is kept busy before the README's picture, so that the charts have two minutes of data.</summary>
    private static readonly TimeSpan ReadmeActivity = TimeSpan.FromSeconds(120);

    /// <summary>How long it is kept busy in the test command: long enough for a few points on every chart.</summary>
    private static readonly TimeSpan TestActivity = TimeSpan.FromSeconds(3);

    [SkippableFact]
    public async Task Screenshot_OfTheDashboardInUse_ShowsConnectionsPublishesAndCharts()
    {
        var readmePath = Environment.GetEnvironmentVariable("NOTIFIER_SCREENSHOT");
        var path = string.IsNullOrEmpty(readmePath) ? Path.Combine(Path.GetTempPath(), $"notifier-dashboard-{Guid.NewGuid():N}.png") : readmePath;
        var activity = string.IsNullOrEmpty(readmePath) ? TestActivity : ReadmeActivity;
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: true);
        var dashboard = await DashboardPage.OpenAsync(harness);
        await dashboard.Page.SetViewportSizeAsync(1280, 800);
        var (alice, _) = await harness.ConnectSocketAsync("alice", harness.Token("alice"));
        var (bob, _) = await harness.ConnectSocketAsync("bob", harness.Token("bob", "orders/*"));
        var (_, carol) = await harness.ConnectSocketAsync("carol", harness.Token("carol"));
        await bob.SendAsync("""{"action":"subscribe","topic":"orders/42"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(BrowserHarness.Timeout);
        await harness.RefusedHandshakeAsync(BrowserHarness.ExpiredToken("mallory"));

        var published = 0;
        var started = DateTime.UtcNow;
        for (var second = 0; DateTime.UtcNow - started < activity; second++)
        {
            // A rate that rises and falls, so the charts have a shape.
            var rate = 2 + (int)(6 * (1 + Math.Sin(second / 6.0)));
            for (var i = 0; i < rate; i++)
            {
                await (i % 3 == 0
                    ? harness.PublishToTopicAsync("orders/42", $$"""{"type":"order","orderId":{{second}},"status":"paid"}""")
                    : harness.PostNotificationAsync($$$"""{"userIds":["alice","carol"],"message":{"type":"chat","n":{{{published}}}}}"""));
                published++;
            }

            if (second % 10 == 5)
            {
                await alice.SendAsync("""{"action":"whoami"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(BrowserHarness.Timeout);
            }

            await Task.Delay(1000);
        }

        Assert.Equal(System.Net.HttpStatusCode.NoContent, await harness.DeleteConnectionAsync(carol));
        await dashboard.ConnectAsUserAsync("dev-user");
        await dashboard.ShowAsync("charts");
        await dashboard.Page.WaitForFunctionAsync(
            "(n) => Number(document.querySelector('#chart-published').dataset.sum) >= n", published, new() { Timeout = (float)BrowserHarness.Timeout.TotalMilliseconds });
        Assert.True(await dashboard.ChartValueAsync("delivered", "sum") >= published);
        await Assertions.Expect(dashboard.Feed("[data-kind=disconnect]")).ToHaveCountAsync(1);

        await dashboard.Page.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png });
        try
        {
            Assert.True(new FileInfo(path).Length > 10_000);
        }
        finally
        {
            if (string.IsNullOrEmpty(readmePath))
            {
                File.Delete(path);
            }
        }

        Assert.Empty(dashboard.Problems);
    }
}
