using Microsoft.Playwright;

namespace Notifier.Browser.Tests;

/// <summary>The gateway's dashboard in a tab: its views, its feed, and the page errors and console errors it raised.</summary>
internal sealed class DashboardPage
{
    /// <summary>How soon the feed must show what happened: the "within a second".</summary>
    public static readonly LocatorAssertionsToBeVisibleOptions WithinASecond = new() { Timeout = 1000 };

    private DashboardPage(IPage page, List<string> problems)
    {
        Page = page;
        Problems = problems;
    }

    public IPage Page { get; }

    /// <summary>Uncaught errors and console errors, in order.</summary>
    public List<string> Problems { get; }

    /// <summary>The feed's rows; <paramref name="filter"/> (an attribute selector such as <c>[data-kind=publish]</c>) narrows them.</summary>
    public ILocator Feed(string filter = "") => Page.Locator($"#feed li[data-testid=feed-event]{filter}");

    /// <summary>The feed's row for the publish that answered with <paramref name="publishId"/>.</summary>
    public ILocator PublishRow(string publishId) => Feed($"[data-kind=publish][data-publish-id=\"{publishId}\"]");

    /// <summary>Opens the dashboard and waits until its event stream is live, collecting page errors and console errors.</summary>
    public static async Task<DashboardPage> OpenAsync(BrowserHarness harness, bool waitForLive = true)
    {
        var page = await harness.Context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        await page.GotoAsync(harness.Gateway.BaseAddress.AbsoluteUri);
        var dashboard = new DashboardPage(page, problems);
        if (waitForLive)
        {
            await dashboard.WaitForLiveAsync();
        }

        return dashboard;
    }

    public Task WaitForLiveAsync() => Assertions.Expect(Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");

    /// <summary>Shows one of the views on the right: charts, connections, topics, send or connect.</summary>
    public async Task ShowAsync(string view)
    {
        await Page.ClickAsync($"#tab-{view}");
        await Assertions.Expect(Page.Locator($"#view-{view}")).ToBeVisibleAsync();
    }

    /// <summary>A chart's data attribute (<c>sum</c>: its values over the window; <c>last</c>: the newest second's).</summary>
    public async Task<long> ChartValueAsync(string chart, string attribute) =>
        long.Parse(await Page.GetAttributeAsync($"#chart-{chart}", $"data-{attribute}") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Connects the "connect as a user" panel as <paramref name="user"/> and waits for it to be open.</summary>
    public async Task ConnectAsUserAsync(string user)
    {
        await ShowAsync("connect");
        await Page.FillAsync("#connect-user", user);
        await Page.ClickAsync("#connect-button");
        await Assertions.Expect(Page.Locator("#client-state")).ToHaveTextAsync("open");
    }
}
