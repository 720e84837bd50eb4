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
        var dashboard = await DashboardPage.OpenAsync(harness);
        var page = dashboard.Page;

        await dashboard.ConnectAsUserAsync("carol");
        await dashboard.ShowAsync("send");
        await Assertions.Expect(page.Locator("#user")).ToHaveValueAsync("carol");
        await page.FillAsync("#message", """{"type":"test","text":"from the dashboard"}""");
        await page.ClickAsync("#send button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("""notification: {"type":"test","text":"from the dashboard"}""");
        await Assertions.Expect(page.Locator("#result-recipients")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#result-delivered")).ToHaveTextAsync("1");
        await dashboard.ShowAsync("connect");
        await page.ClickAsync("#whoami-button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("\"userId\":\"carol\"");

        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task TopicControls_WithTheTopicsTheTokenAllows_SubscribeReceiveRefuseUnsubscribe()
    {
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: true);
        var dashboard = await DashboardPage.OpenAsync(harness);
        var page = dashboard.Page;
        await dashboard.ShowAsync("send");
        await page.FillAsync("#message", """{"type":"topic-test","n":7}""");
        await dashboard.ShowAsync("connect");
        await page.FillAsync("#connect-topics", "orders/*, room:1");
        await dashboard.ConnectAsUserAsync("carol");

        await page.FillAsync("#topic", "orders/7");
        await page.ClickAsync("#subscribe-button");
        await Assertions.Expect(page.Locator("#client-topics")).ToHaveTextAsync("orders/7");
        await page.ClickAsync("#topic-send-button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("""notification: {"type":"topic-test","n":7}""");
        await Assertions.Expect(page.Locator("#result-recipients")).ToHaveTextAsync("1");

        await page.FillAsync("#topic", "admin/x");
        await page.ClickAsync("#subscribe-button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("""subscribe admin/x failed: topic "admin/x" is not allowed by the token's topics claim""");
        Assert.Equal(0, await harness.MembersAsync("admin/x"));

        await page.FillAsync("#topic", "orders/7");
        await page.ClickAsync("#unsubscribe-button");
        await Assertions.Expect(page.Locator("#client-topics")).ToHaveTextAsync("none");
        Assert.Equal(0, await harness.MembersAsync("orders/7"));
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task SendView_ToSeveralUsers_ShowsCountsFirstAndTheIdsFolded()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var (_, aliceConnection) = await harness.ConnectSocketAsync("alice", harness.Token("alice"));
        var (_, bobConnection) = await harness.ConnectSocketAsync("bob", harness.Token("bob"));
        var dashboard = await DashboardPage.OpenAsync(harness);
        var page = dashboard.Page;

        await dashboard.ShowAsync("send");
        await page.CheckAsync("input[name=send-kind][value=users]");
        await page.FillAsync("#user", "alice, bob, nobody");
        await page.ClickAsync("#send button");

        await Assertions.Expect(page.Locator("#result-recipients")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#result-delivered")).ToHaveTextAsync("2");
        var delivered = page.Locator("#result details.ids").First;
        await Assertions.Expect(delivered.Locator("summary")).ToHaveTextAsync("Delivered (2 listed)");
        await Assertions.Expect(delivered.Locator("li")).ToHaveCountAsync(2);
        await Assertions.Expect(delivered).ToContainTextAsync(aliceConnection);
        await Assertions.Expect(delivered).ToContainTextAsync(bobConnection);
        Assert.False(await delivered.EvaluateAsync<bool>("details => details.open"));
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task DeliverySection_ShowsTheCountsRecordedSinceTheStart()
    {
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: true);
        var dashboard = await DashboardPage.OpenAsync(harness);
        var page = dashboard.Page;

        harness.Gateway.DeliveryMetrics.Record(new DeliveryMetrics(Recipients: 4, Delivered: 2, Gone: 1, Throttled: 1, Failed: 1, TimeSpan.FromMilliseconds(9), ShardsQueued: 3));

        await Assertions.Expect(page.Locator("#delivery-recipients")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("#delivery-shardsQueued")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#delivery-sends")).ToHaveTextAsync("1");
        Assert.Empty(dashboard.Problems);
    }

    [SkippableFact]
    public async Task TokenEndpoint_WhenTheSecretWasConfigured_IsNotOffered()
    {
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: false);
        var dashboard = await DashboardPage.OpenAsync(harness);

        await dashboard.ShowAsync("connect");
        await dashboard.Page.ClickAsync("#connect-button");

        await Assertions.Expect(dashboard.Page.Locator("#client-log")).ToContainTextAsync("paste a token instead");
        Assert.Empty(harness.Gateway.Connections.All);
    }
}
