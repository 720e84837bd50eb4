using System.Text;
using Microsoft.Playwright;
using Notifier.Local.Gateway;
using Notifier.Testing;
using Notifier.Testing.Tokens;

namespace Notifier.Browser.Tests;

/// <summary>A local gateway on a free loopback port and Debian's Chromium, headless, driven by Playwright; every wait is bounded.</summary>
internal sealed class BrowserHarness : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserHarness(LocalGateway gateway, IPlaywright playwright, IBrowser browser, IBrowserContext context)
    {
        Gateway = gateway;
        _playwright = playwright;
        _browser = browser;
        Context = context;
    }

    public LocalGateway Gateway { get; }

    /// <summary>One browser profile: its pages are tabs of the same user agent.</summary>
    public IBrowserContext Context { get; }

    public HttpClient Http { get; } = new() { Timeout = Timeout };

    /// <summary>Skips (locally) or fails (under CI) without Chromium, then starts a gateway and the browser.</summary>
    public static async Task<BrowserHarness> StartAsync(bool issuesDevTokens = false)
    {
        RequiredComponent.Require(File.Exists(ChromiumPath), "Chromium", "apt-get install chromium; scripts/test.sh installs it");
        var settings = new LocalGatewaySettings(TestTokens.Secret, null, LocalGatewaySettings.DefaultTableName, _ => null) { IssuesDevTokens = issuesDevTokens };
        var gateway = await LocalGateway.StartAsync(new GatewayOptions { Port = 0 }, settings, _ => { }).WaitAsync(Timeout);
        var playwright = await Playwright.CreateAsync().WaitAsync(Timeout);
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = (float)Timeout.TotalMilliseconds,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        return new BrowserHarness(gateway, playwright, browser, context);
    }

    /// <summary>A fresh token for <paramref name="user"/>.</summary>
    public string Token(string user) => Gateway.Tokens.Issue(user, TimeSpan.FromMinutes(10));

    /// <summary>A correctly signed token for <paramref name="user"/> that expired ten minutes ago (beyond any clock skew).</summary>
    public static string ExpiredToken(string user)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return TestTokens.Raw(
            """{"alg":"HS256","typ":"JWT"}""",
            $$"""{"sub":"{{user}}","iat":{{now - 1200}},"exp":{{now - 600}}}""",
            Encoding.UTF8.GetBytes(TestTokens.Secret));
    }

    public async Task<HttpResponseMessage> PublishAsync(string user, string messageJson)
    {
        var response = await Http.PostAsync(
            new Uri(Gateway.BaseAddress, "notifications"),
            new StringContent($$"""{"userId":"{{user}}","message":{{messageJson}}}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
        Http.Dispose();
        await Gateway.DisposeAsync();
    }
}
