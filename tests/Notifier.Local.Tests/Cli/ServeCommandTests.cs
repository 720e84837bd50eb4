using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Notifier.Local.Cli;
using Notifier.Local.Tests.Gateway;
using Notifier.Testing.Tokens;

namespace Notifier.Local.Tests.Cli;

/// <summary><c>serve</c> end to end: its banner's dev token works as printed.</summary>
public sealed partial class ServeCommandTests
{
    private readonly StringWriter _text = new();
    private readonly TextWriter _output;

    public ServeCommandTests()
    {
        _output = TextWriter.Synchronized(_text);
    }

    [Fact]
    public async Task Serve_BannerToken_ConnectsAndSubscribesToAnyTopic()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var environment = new Dictionary<string, string> { ["NOTIFIER_JWT_SECRET"] = TestTokens.Secret };
        var serve = new LocalCli(environment.GetValueOrDefault, _output, TextWriter.Null).RunAsync(["serve", "--port", "0"], stop.Token);
        var banner = await BannerAsync();

        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"{WebSocketUrl().Match(banner).Groups[1].Value}?token={DevToken().Match(banner).Groups[1].Value}"), stop.Token)
            .WaitAsync(GatewayHarness.Timeout);
        var subscribed = await GatewayHarness.TopicActionAsync(client, "subscribe", "room:42").WaitAsync(GatewayHarness.Timeout);
        await stop.CancelAsync();

        Assert.Contains("may subscribe to any topic", banner, StringComparison.Ordinal);
        Assert.Equal("""{"type":"subscribed","topic":"room:42"}""", subscribed.GetRawText());
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Serve_CurlExample_PostsToTheRealPort_AndPublishes()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var environment = new Dictionary<string, string> { ["NOTIFIER_JWT_SECRET"] = TestTokens.Secret };
        var serve = new LocalCli(environment.GetValueOrDefault, _output, TextWriter.Null).RunAsync(["serve", "--port", "0"], stop.Token);
        var banner = await BannerAsync("Publish with curl");

        var curl = CurlExample().Match(banner);
        using var http = new HttpClient { Timeout = GatewayHarness.Timeout };
        var response = await http.PostAsync(
            new Uri(curl.Groups["url"].Value),
            new StringContent(curl.Groups["body"].Value, System.Text.Encoding.UTF8, curl.Groups["type"].Value));
        var report = await response.Content.ReadAsStringAsync();
        await stop.CancelAsync();

        Assert.True(curl.Success, banner);
        Assert.Equal(new Uri(WebSocketUrl().Match(banner).Groups[1].Value).Port, new Uri(curl.Groups["url"].Value).Port);
        Assert.NotEqual(0, new Uri(curl.Groups["url"].Value).Port);
        Assert.Equal("""{"userId":"dev-user","message":{"text":"hello"}}""", curl.Groups["body"].Value);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"recipients\":0", report, StringComparison.Ordinal);
        Assert.DoesNotContain("--aws-sigv4", banner, StringComparison.Ordinal);
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Serve_WithSigV4Credentials_CurlExampleSigns_WithoutPrintingTheSecret()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var environment = new Dictionary<string, string> { ["NOTIFIER_JWT_SECRET"] = TestTokens.Secret };
        var serve = new LocalCli(environment.GetValueOrDefault, _output, TextWriter.Null)
            .RunAsync(["serve", "--port", "0", "--aws-access-key-id", "AKIDLOCAL", "--aws-secret-access-key", "s3cr3t-do-not-print"], stop.Token);
        var banner = await BannerAsync("Publish with curl");
        await stop.CancelAsync();

        var curl = CurlExample().Match(banner);
        Assert.True(curl.Success, banner);
        Assert.Equal(" --aws-sigv4 'aws:amz:us-east-1:execute-api' --user 'AKIDLOCAL:<secret access key>'", curl.Groups["signing"].Value);
        Assert.DoesNotContain("s3cr3t-do-not-print", banner, StringComparison.Ordinal);
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task<string> BannerAsync(string lastLine = "Dev token")
    {
        for (var waited = TimeSpan.Zero; waited < GatewayHarness.Timeout; waited += TimeSpan.FromMilliseconds(50))
        {
            string text;
            lock (_output) // the synchronized writer locks on itself
            {
                text = _text.ToString();
            }

            if (text.Contains(lastLine, StringComparison.Ordinal) && text.EndsWith('\n'))
            {
                return text;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("serve printed no banner");
    }

    [GeneratedRegex(@"WebSocket:\s+(ws://\S+?)\?token=")]
    private static partial Regex WebSocketUrl();

    [GeneratedRegex(@"Publish with curl: curl -X POST (?<url>\S+) -H 'Content-Type: (?<type>[^']+)' -d '(?<body>[^']*)'(?<signing>[^\r\n]*)")]
    private static partial Regex CurlExample();

    [GeneratedRegex(@"Dev token \([^)]*\): (\S+)")]
    private static partial Regex DevToken();
}
