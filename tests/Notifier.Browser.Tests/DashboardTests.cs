using Microsoft.Playwright;
using Notifier.Core.Delivery;

namespace Notifier.Browser.Tests;

/// <summary>The gateway's dashboard connects through the same client: connect as a user, see a notification, ask who it is, use topics.</summary>
public sealed class DashboardTests
{
    [SkippableFact]
    public async Task ConnectAsUser_WithAGatewayToken_ShowsTheNotificationsTheUserReceives()
    {
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: true);
        var (page, problems) = await OpenDashboardAsync(harness);

        await ConnectAsync(page, "carol");
        await page.FillAsync("#message", """{"type":"test","text":"from the dashboard"}""");
        await page.ClickAsync("#send button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("""notification: {"type":"test","text":"from the dashboard"}""");
        await page.ClickAsync("#whoami-button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("\"userId\":\"carol\"");

        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task TopicControls_WithTheTopicsTheTokenAllows_SubscribeReceiveRefuseUnsubscribe()
    {
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: true);
        var (page, problems) = await OpenDashboardAsync(harness);
        await page.FillAsync("#connect-topics", "orders/*, room:1");
        await ConnectAsync(page, "carol");

        await page.FillAsync("#topic", "orders/7");
        await page.ClickAsync("#subscribe-button");
        await Assertions.Expect(page.Locator("#client-topics")).ToHaveTextAsync("orders/7");
        await page.FillAsync("#message", """{"type":"topic-test","n":7}""");
        await page.ClickAsync("#topic-send-button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("""notification: {"type":"topic-test","n":7}""");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("\"recipients\": 1");

        await page.FillAsync("#topic", "admin/x");
        await page.ClickAsync("#subscribe-button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("""subscribe admin/x failed: topic "admin/x" is not allowed by the token's topics claim""");
        Assert.Equal(0, await harness.MembersAsync("admin/x"));

        await page.FillAsync("#topic", "orders/7");
        await page.ClickAsync("#unsubscribe-button");
        await Assertions.Expect(page.Locator("#client-topics")).ToHaveTextAsync("none");
        Assert.Equal(0, await harness.MembersAsync("orders/7"));
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task DeliverySection_ShowsTheCountsRecordedSinceTheStart()
    {
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: true);
        var (page, problems) = await OpenDashboardAsync(harness);

        harness.Gateway.DeliveryMetrics.Record(new DeliveryMetrics(Recipients: 4, Delivered: 2, Gone: 1, Throttled: 1, Failed: 1, TimeSpan.FromMilliseconds(9), ShardsQueued: 3));

        await Assertions.Expect(page.Locator("#delivery-recipients")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("#delivery-shardsQueued")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#delivery-sends")).ToHaveTextAsync("1");
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task TokenEndpoint_WhenTheSecretWasConfigured_IsNotOffered()
    {
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: false);
        var page = await harness.Context.NewPageAsync();
        await page.GotoAsync(harness.Gateway.BaseAddress.AbsoluteUri);

        await page.ClickAsync("#connect-button");

        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("paste a token instead");
        Assert.Empty(harness.Gateway.Connections.All);
    }

    /// <summary>Opens the dashboard and collects page errors and console errors.</summary>
    private static async Task<(IPage Page, List<string> Problems)> OpenDashboardAsync(BrowserHarness harness)
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
        return (page, problems);
    }

    private static async Task ConnectAsync(IPage page, string user)
    {
        await page.FillAsync("#connect-user", user);
        await page.ClickAsync("#connect-button");
        await Assertions.Expect(page.Locator("#client-state")).ToHaveTextAsync("open");
    }
}
