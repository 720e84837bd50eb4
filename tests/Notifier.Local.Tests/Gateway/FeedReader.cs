using System.Text;
using System.Text.Json;

namespace Notifier.Local.Tests.Gateway;

/// <summary>Reads <c>GET /_local/events</c> as a page's EventSource would, keeping every message and every byte received.</summary>
internal sealed class FeedReader : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly List<FeedMessage> _messages = [];
    private readonly StringBuilder _raw = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private Task _pump = Task.CompletedTask;

    private FeedReader()
    {
    }

    /// <summary>True once the server ended the stream cleanly (not when this reader stopped it or the connection broke).</summary>
    public bool EndedByServer { get; private set; }

    public string Raw
    {
        get
        {
            lock (_gate)
            {
                return _raw.ToString();
            }
        }
    }

    public IReadOnlyList<FeedMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public static async Task<FeedReader> OpenAsync(Uri baseAddress, Action<HttpRequestMessage>? configure = null)
    {
        var reader = new FeedReader();
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "_local/events"));
        configure?.Invoke(request);
        var response = await reader._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, reader._stop.Token).WaitAsync(GatewayHarness.Timeout);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync().WaitAsync(GatewayHarness.Timeout);
        reader._pump = reader.PumpAsync(stream);
        return reader;
    }

    /// <summary>The first message (from the start of the stream) that matches, waiting at most <see cref="GatewayHarness.Timeout"/> for it.</summary>
    public async Task<FeedMessage> WaitForAsync(Func<FeedMessage, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(GatewayHarness.Timeout);
        while (true)
        {
            if (Messages.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no feed message {what} within {GatewayHarness.Timeout}; received: {string.Join(" | ", Messages.Select(m => m.Event + " " + m.Data))}");
            }
        }
    }

    /// <summary>The first feed event of <paramref name="kind"/> that matches.</summary>
    public Task<FeedMessage> WaitForEventAsync(string kind, Func<JsonElement, bool>? match = null) =>
        WaitForAsync(message => message.Event == kind && (match is null || match(message.Json)), $"of kind {kind}");

    /// <summary>Waits at most <see cref="GatewayHarness.Timeout"/> for the stream to end.</summary>
    public Task Ended => _pump.WaitAsync(GatewayHarness.Timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump.WaitAsync(GatewayHarness.Timeout);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? eventName = null;
        string? id = null;
        var data = new StringBuilder();
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                lock (_gate)
                {
                    _raw.Append(line).Append('\n');
                }

                if (line.Length == 0)
                {
                    if (data.Length > 0 || eventName is not null)
                    {
                        lock (_gate)
                        {
                            _messages.Add(new FeedMessage(eventName ?? "message", id, data.ToString()));
                        }

                        _arrived.Release();
                    }

                    eventName = null;
                    id = null;
                    data.Clear();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    eventName = line["event: ".Length..];
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line["id: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(data.Length > 0 ? "\n" : string.Empty).Append(line["data: ".Length..]);
                }
            }

            EndedByServer = true;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _arrived.Release();
        }
    }
}
