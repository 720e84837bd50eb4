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

    private async Task<string> BannerAsync()
    {
        for (var waited = TimeSpan.Zero; waited < GatewayHarness.Timeout; waited += TimeSpan.FromMilliseconds(50))
        {
            string text;
            lock (_output) // the synchronized writer locks on itself
            {
                text = _text.ToString();
            }

            if (text.Contains("Dev token", StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("serve printed no banner");
    }

    [GeneratedRegex(@"WebSocket:\s+(ws://\S+?)\?token=")]
    private static partial Regex WebSocketUrl();

    [GeneratedRegex(@"Dev token \([^)]*\): (\S+)")]
    private static partial Regex DevToken();
}
