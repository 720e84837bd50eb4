using System.Text.Json;
using Microsoft.Playwright;

namespace Notifier.Browser.Tests;

/// <summary>A tab that loads the gateway's copy of the built client and runs one <c>NotifierClient</c>, recording what it sees.</summary>
internal sealed class ClientPage
{
    // Short backoff so a refused handshake is retried within the test's time; everything else is the client's default.
    // getToken waits while window.tokenHold is a pending promise: the test keeps the client away for as long as it needs.
    private const string StartScript = """
        async ({ url, useSessionStorage }) => {
          const { NotifierClient } = await import("/_local/notifier-client.js");
          const seen = { states: [], messages: [], metas: [], reasons: [], errors: [], gaps: [] };
          window.tokenHold = null;
          const client = new NotifierClient({
            url,
            reconnect: { baseMs: 100, capMs: 1000 },
            storage: useSessionStorage ? sessionStorage : undefined,
            getToken: async ({ reason }) => {
              seen.reasons.push(reason);
              while (window.tokenHold) await window.tokenHold;
              return await window.nextToken(reason);
            },
          });
          client.on("state", (state) => seen.states.push(state));
          client.on("message", (data, meta) => { seen.messages.push(data); seen.metas.push(meta); });
          client.on("gap", (gap) => seen.gaps.push(`${gap.stream} after ${gap.after} up to ${gap.last}`));
          client.on("error", (error) => seen.errors.push(`${error.kind}: ${error.message}`));
          window.seen = seen;
          window.client = client;
          client.connect();
        }
        """;

    private readonly object _startArguments;

    private ClientPage(IPage page, object startArguments)
    {
        Page = page;
        _startArguments = startArguments;
    }

    public IPage Page { get; }

    /// <summary>Opens a tab on the gateway's origin and connects; <paramref name="nextToken"/> answers every <c>getToken</c> call.</summary>
    /// <param name="useSessionStorage">Passes <c>sessionStorage</c> as the client's <c>storage</c>, so a reloaded page resumes where the last one was.</param>
    public static async Task<ClientPage> OpenAsync(BrowserHarness harness, Func<string, string> nextToken, bool useSessionStorage = false)
    {
        var page = await harness.Context.NewPageAsync();
        await page.ExposeFunctionAsync("nextToken", nextToken);
        await page.GotoAsync(new Uri(harness.Gateway.BaseAddress, "_local/connections").AbsoluteUri);
        var tab = new ClientPage(page, new { url = harness.Gateway.WebSocketUrl.AbsoluteUri, useSessionStorage });
        await tab.StartClientAsync();
        return tab;
    }

    /// <summary>Reloads the tab: the page's client and its socket go with it, the tab's <c>sessionStorage</c> stays. No client runs until <see cref="StartClientAsync"/>.</summary>
    public async Task ReloadAsync() => await Page.ReloadAsync();

    /// <summary>Creates the page's client, as on opening, and connects it.</summary>
    public async Task StartClientAsync() => await Page.EvaluateAsync(StartScript, _startArguments);

    /// <summary>From now on <c>getToken</c> does not answer until <see cref="ReleaseTokensAsync"/>: the client cannot connect again.</summary>
    public async Task HoldTokensAsync() =>
        await Page.EvaluateAsync("() => { window.tokenHold = new Promise((release) => { window.releaseTokens = release; }); }");

    /// <summary>Lets a <c>getToken</c> held by <see cref="HoldTokensAsync"/> answer, and every later one.</summary>
    public async Task ReleaseTokensAsync() =>
        await Page.EvaluateAsync("() => { window.tokenHold = null; window.releaseTokens(); }");

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

    /// <summary>Every notification the page has received with the meta the client gave it (its id, stream and number), in order.</summary>
    public async Task<IReadOnlyList<DeliveredMessage>> DeliveredAsync()
    {
        var seen = await Page.EvaluateAsync<JsonElement>("() => ({ messages: window.seen.messages, metas: window.seen.metas })");
        return seen.GetProperty("messages").EnumerateArray()
            .Zip(seen.GetProperty("metas").EnumerateArray(), DeliveredMessage.Of)
            .ToList();
    }

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
