using Microsoft.Playwright;

namespace Notifier.Browser.Tests;

/// <summary>The gateway's dashboard connects through the same client: connect as a user, see a notification, ask who it is.</summary>
public sealed class DashboardTests
{
    [SkippableFact]
    public async Task ConnectAsUser_WithAGatewayToken_ShowsTheNotificationsTheUserReceives()
    {
        await using var harness = await BrowserHarness.StartAsync(issuesDevTokens: true);
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

        await page.FillAsync("#connect-user", "carol");
        await page.ClickAsync("#connect-button");
        await Assertions.Expect(page.Locator("#client-state")).ToHaveTextAsync("open");
        await page.FillAsync("#message", """{"type":"test","text":"from the dashboard"}""");
        await page.ClickAsync("#send button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("""notification: {"type":"test","text":"from the dashboard"}""");
        await page.ClickAsync("#whoami-button");
        await Assertions.Expect(page.Locator("#client-log")).ToContainTextAsync("\"userId\":\"carol\"");

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
}
