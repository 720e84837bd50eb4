using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
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
    private readonly List<ClientWebSocket> _sockets = [];

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
    public static async Task<BrowserHarness> StartAsync(bool issuesDevTokens = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        RequiredComponent.Require(File.Exists(ChromiumPath), "Chromium", "apt-get install chromium; scripts/test.sh installs it");
        var settings = new LocalGatewaySettings(TestTokens.Secret, null, LocalGatewaySettings.DefaultTableName, name => environment?.GetValueOrDefault(name)) { IssuesDevTokens = issuesDevTokens };
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

    /// <summary>A fresh token for <paramref name="user"/>; <paramref name="topics"/>, when given, become its topics claim.</summary>
    public string Token(string user, params string[] topics) => Gateway.Tokens.Issue(
        user,
        TimeSpan.FromMinutes(10),
        topics.Length == 0 ? null : new Dictionary<string, object> { ["topics"] = topics });

    /// <summary>A correctly signed token for <paramref name="user"/> that expired ten minutes ago (beyond any clock skew).</summary>
    public static string ExpiredToken(string user)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return TestTokens.Raw(
            """{"alg":"HS256","typ":"JWT"}""",
            $$"""{"sub":"{{user}}","iat":{{now - 1200}},"exp":{{now - 600}}}""",
            Encoding.UTF8.GetBytes(TestTokens.Secret));
    }

    /// <summary>Publishes to <paramref name="user"/> and returns the delivery report.</summary>
    public Task<JsonElement> PublishAsync(string user, string messageJson) =>
        PostNotificationAsync($$"""{"userId":"{{user}}","message":{{messageJson}}}""");

    /// <summary>Publishes to <paramref name="topic"/> and returns the delivery report.</summary>
    public Task<JsonElement> PublishToTopicAsync(string topic, string messageJson) =>
        PostNotificationAsync($$"""{"topic":"{{topic}}","message":{{messageJson}}}""");

    /// <summary><c>DELETE @connections/{id}</c> on the management API, as a backend or API Gateway itself ends a connection.</summary>
    public async Task<HttpStatusCode> DeleteConnectionAsync(string connectionId)
    {
        using var response = await Http.DeleteAsync(new Uri($"{Gateway.ManagementEndpoint}/@connections/{Uri.EscapeDataString(connectionId)}"));
        return response.StatusCode;
    }

    /// <summary><c>GET /topics/{topic}/members</c>: how many connections the gateway counts as subscribed.</summary>
    public async Task<int> MembersAsync(string topic)
    {
        using var response = await Http.GetAsync(new Uri(Gateway.BaseAddress, $"topics/{topic}/members"));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("members").GetInt32();
    }

    /// <summary>Asks for the member count until it is <paramref name="expected"/> or <see cref="Timeout"/> passes; returns the last count.</summary>
    /// <remarks>A deleted connection's subscriptions go with its <c>$disconnect</c>, which runs after the socket has closed.</remarks>
    public async Task<int> WaitForMembersAsync(string topic, int expected)
    {
        var waited = Stopwatch.StartNew();
        var members = await MembersAsync(topic);
        while (members != expected && waited.Elapsed < Timeout)
        {
            await Task.Delay(50);
            members = await MembersAsync(topic);
        }

        return members;
    }

    /// <summary>Opens a WebSocket with <paramref name="token"/> (closed with the harness) and returns it with the connection id the gateway gave it.</summary>
    public async Task<(ClientWebSocket Socket, string ConnectionId)> ConnectSocketAsync(string user, string token)
    {
        var known = Gateway.Connections.All.Select(c => c.ConnectionId).ToHashSet(StringComparer.Ordinal);
        var socket = new ClientWebSocket();
        _sockets.Add(socket);
        await socket.ConnectAsync(SocketUrl(token), CancellationToken.None).WaitAsync(Timeout);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Timeout)
        {
            if (Gateway.Connections.All.FirstOrDefault(c => c.UserId == user && !known.Contains(c.ConnectionId)) is { } connection)
            {
                return (socket, connection.ConnectionId);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no connection of {user} appeared in the gateway");
    }

    /// <summary>Tries a handshake that the gateway is expected to refuse; returns the exception that reports the refusal.</summary>
    public async Task<WebSocketException> RefusedHandshakeAsync(string token)
    {
        using var socket = new ClientWebSocket();
        return await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(SocketUrl(token), CancellationToken.None).WaitAsync(Timeout));
    }

    /// <summary>Waits until the gateway no longer holds <paramref name="connectionId"/>; true when it went within <see cref="Timeout"/>.</summary>
    public Task<bool> WaitForGoneAsync(string connectionId) => WaitUntilAsync(() => !Gateway.Connections.TryGet(connectionId, out _));

    /// <summary>Checks <paramref name="condition"/> every few milliseconds until it holds or <see cref="Timeout"/> passes; returns whether it held.</summary>
    /// <remarks>For what only the gateway sees, such as a socket it has counted closed or a new one it has accepted.</remarks>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > Timeout)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    private Uri SocketUrl(string token) => new($"{Gateway.WebSocketUrl.AbsoluteUri}?token={Uri.EscapeDataString(token)}");

    /// <summary>Posts <c>/notifications</c> with <paramref name="body"/> (any recipient form) and returns the delivery report.</summary>
    public async Task<JsonElement> PostNotificationAsync(string body)
    {
        using var response = await Http.PostAsync(new Uri(Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return report.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
        Http.Dispose();
        await Gateway.DisposeAsync();
    }
}
