using System.Text.Json;
using Microsoft.Playwright;

namespace Notifier.Browser.Tests;

/// <summary>A tab that loads the gateway's copy of the built client and runs one <c>NotifierClient</c>, recording what it sees.</summary>
internal sealed class ClientPage
{
    // Short backoff so a refused handshake is retried within the test's time; everything else is the client's default.
    private const string StartScript = """
        async (url) => {
          const { NotifierClient } = await import("/_local/notifier-client.js");
          const seen = { states: [], messages: [], reasons: [], errors: [] };
          const client = new NotifierClient({
            url,
            reconnect: { baseMs: 100, capMs: 1000 },
            getToken: async ({ reason }) => { seen.reasons.push(reason); return await window.nextToken(reason); },
          });
          client.on("state", (state) => seen.states.push(state));
          client.on("message", (data) => seen.messages.push(data));
          client.on("error", (error) => seen.errors.push(`${error.kind}: ${error.message}`));
          window.seen = seen;
          window.client = client;
          client.connect();
        }
        """;

    private ClientPage(IPage page)
    {
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Opens a tab on the gateway's origin and connects; <paramref name="nextToken"/> answers every <c>getToken</c> call.</summary>
    public static async Task<ClientPage> OpenAsync(BrowserHarness harness, Func<string, string> nextToken)
    {
        var page = await harness.Context.NewPageAsync();
        await page.ExposeFunctionAsync("nextToken", nextToken);
        await page.GotoAsync(new Uri(harness.Gateway.BaseAddress, "_local/connections").AbsoluteUri);
        await page.EvaluateAsync(StartScript, harness.Gateway.WebSocketUrl.AbsoluteUri);
        return new ClientPage(page);
    }

    public Task WaitForAsync(string condition) => Page.WaitForFunctionAsync($"() => {condition}");

    public Task WaitForOpenAsync(int times = 1) =>
        WaitForAsync($"window.client.state === 'open' && window.seen.states.filter(s => s === 'open').length >= {times}");

    public async Task<JsonElement> WaitForMessageAsync(int count)
    {
        await WaitForAsync($"window.seen.messages.length >= {count}");
        return (await MessagesAsync())[count - 1];
    }

    /// <summary>Every notification the page has received, in order.</summary>
    public async Task<JsonElement> MessagesAsync() => await Page.EvaluateAsync<JsonElement>("() => window.seen.messages");

    public async Task<string[]> SeenAsync(string list) => await Page.EvaluateAsync<string[]>($"() => window.seen.{list}");

    /// <summary>Calls the client's <c>subscribe</c> or <c>unsubscribe</c>: null when it resolves, the rejection's message when it rejects.</summary>
    public async Task<string?> TopicRequestAsync(string action, string topic) => await Page.EvaluateAsync<string?>(
        "async ([action, topic]) => { try { await window.client[action](topic); return null; } catch (e) { return e.message; } }",
        new[] { action, topic }).WaitAsync(BrowserHarness.Timeout);

    /// <summary>The topics the client keeps and restores on every connection (<c>client.topics</c>).</summary>
    public async Task<string[]> TopicsAsync() => await Page.EvaluateAsync<string[]>("() => [...window.client.topics]");

    public async Task<string> ConnectionIdAsync() =>
        (await Page.EvaluateAsync<JsonElement>("async () => await window.client.whoami()")).GetProperty("connectionId").GetString()!;
}
