using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Notifier.Core.Connections;
using Notifier.Local.Gateway;
using Notifier.Testing.Logging;
using Notifier.Testing.Network;
using Notifier.Testing.Tokens;

namespace Notifier.Local.Tests.Gateway;

/// <summary>A local gateway on a free loopback port with real WebSocket clients; every await is bounded.</summary>
internal sealed partial class GatewayHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<ClientWebSocket> _clients = [];

    private GatewayHarness(LocalGateway gateway, CapturingLoggerProvider logs)
    {
        Gateway = gateway;
        Logs = logs;
    }

    public LocalGateway Gateway { get; }

    public CapturingLoggerProvider Logs { get; }

    public IConnectionStore Store => Gateway.Store;

    public HttpClient Http { get; } = new() { Timeout = Timeout };

    /// <summary>Starts a gateway over <paramref name="store"/>, or over <paramref name="tableName"/> (and <paramref name="topicsTableName"/>) at <paramref name="dynamoDbUrl"/>, or in memory.</summary>
    /// <param name="environment">The functions' settings (<c>NOTIFIER_*</c>), none by default.</param>
    public static async Task<GatewayHarness> StartAsync(
        GatewayOptions? options = null,
        IConnectionStore? store = null,
        Uri? dynamoDbUrl = null,
        string? tableName = null,
        bool issuesDevTokens = false,
        string? topicsTableName = null,
        string? messagesTableName = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var logs = new CapturingLoggerProvider();
        var settings = new LocalGatewaySettings(
            TestTokens.Secret, dynamoDbUrl, tableName ?? LocalGatewaySettings.DefaultTableName, name => environment?.GetValueOrDefault(name))
        {
            StoreOverride = store,
            IssuesDevTokens = issuesDevTokens,
            TopicsTableName = topicsTableName ?? LocalGatewaySettings.DefaultTopicsTableName,
            MessagesTableName = messagesTableName ?? LocalGatewaySettings.DefaultMessagesTableName,
        };
        var gateway = await LocalGateway.StartAsync((options ?? new GatewayOptions()) with { Port = 0 }, settings, logging => logging.AddProvider(logs))
            .WaitAsync(Timeout);
        return new GatewayHarness(gateway, logs);
    }

    public string Token(string user, TimeSpan? lifetime = null) => Gateway.Tokens.Issue(user, lifetime ?? TimeSpan.FromMinutes(10));

    /// <summary>A token whose topics claim lists <paramref name="topics"/>.</summary>
    public string TokenWithTopics(string user, params string[] topics) =>
        Gateway.Tokens.Issue(user, TimeSpan.FromMinutes(10), new Dictionary<string, object> { ["topics"] = topics });

    /// <summary>Connects with a token whose topics claim lists <paramref name="topics"/>.</summary>
    public async Task<ClientWebSocket> ConnectWithTopicsAsync(string user, params string[] topics)
    {
        var client = NewClient([]);
        await client.ConnectAsync(Url(TokenWithTopics(user, topics)), CancellationToken.None).WaitAsync(Timeout);
        return client;
    }

    /// <summary>Sends a subscribe or unsubscribe and returns the frame that answers it.</summary>
    public static async Task<System.Text.Json.JsonElement> TopicActionAsync(ClientWebSocket client, string action, string topic)
    {
        await SendTextAsync(client, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["action"] = action, ["topic"] = topic }));
        return System.Text.Json.JsonDocument.Parse(await ReceiveTextAsync(client)).RootElement.Clone();
    }

    /// <summary>Asserts that nothing arrived before now: a ping sent now is answered by the very next frame.</summary>
    public static async Task AssertNothingPendingAsync(ClientWebSocket client)
    {
        await SendTextAsync(client, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await ReceiveTextAsync(client));
    }

    public Uri Url(string? token, string extraQuery = "") =>
        new($"{Gateway.WebSocketUrl}?{(token is null ? string.Empty : "token=" + Uri.EscapeDataString(token))}{extraQuery}");

    public async Task<ClientWebSocket> ConnectAsync(string user, params string[] subprotocols)
    {
        var client = NewClient(subprotocols);
        await client.ConnectAsync(Url(Token(user)), CancellationToken.None).WaitAsync(Timeout);
        return client;
    }

    /// <summary>Connects over a bare TCP socket, for frames <see cref="ClientWebSocket"/> will not send; asserts the upgrade.</summary>
    public async Task<RawWebSocketClient> RawConnectAsync(string user)
    {
        var client = await RawWebSocketClient.ConnectAsync(Url(Token(user)));
        Assert.Equal(101, client.HandshakeStatus);
        return client;
    }

    /// <summary>Asks a raw connection <c>whoami</c> and returns its connection id.</summary>
    public static async Task<string> ConnectionIdAsync(RawWebSocketClient client)
    {
        await client.SendFrameAsync(0x1, Encoding.UTF8.GetBytes("""{"action":"whoami"}"""));
        var reply = await client.ReadFrameAsync() ?? throw new InvalidOperationException("the connection ended before whoami was answered");
        return System.Text.Json.JsonDocument.Parse(reply.Payload).RootElement.GetProperty("connectionId").GetString()!;
    }

    /// <summary>Asserts that no captured log line holds a JWT, a query string or any of <paramref name="claimValues"/>.</summary>
    /// <remarks>A JWT is <c>eyJ...</c> and a dot; a random connection id may contain <c>eyJ</c> but never a dot.</remarks>
    public void AssertLogsHoldNoSecrets(params string[] claimValues)
    {
        var lines = Logs.Lines;
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            Assert.False(JwtShape().IsMatch(line), $"a token was logged: {line}");
            Assert.DoesNotContain("token=", line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("?", line.Replace("?.", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            foreach (var value in claimValues)
            {
                Assert.DoesNotContain(value, line, StringComparison.Ordinal);
            }
        }
    }

    /// <summary><c>POST /notifications</c> with <paramref name="body"/> as JSON; the caller reads (and disposes) the answer.</summary>
    public Task<HttpResponseMessage> PostNotificationAsync(string body) =>
        Http.PostAsync(new Uri(Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary><c>GET</c> of a gateway path whose answer is JSON.</summary>
    public Task<System.Text.Json.JsonElement> GetJsonAsync(string path) =>
        Http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri(Gateway.BaseAddress, path));

    /// <summary>Attempts a handshake expected to fail and returns the HTTP status it was refused with.</summary>
    public async Task<int> RefusedStatusAsync(Uri url)
    {
        var client = NewClient([]);
        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(url, CancellationToken.None).WaitAsync(Timeout));
        return (int)client.HttpStatusCode;
    }

    public async Task<string> ConnectionIdAsync(ClientWebSocket client)
    {
        await SendTextAsync(client, """{"action":"whoami"}""");
        var reply = System.Text.Json.JsonDocument.Parse(await ReceiveTextAsync(client));
        return reply.RootElement.GetProperty("connectionId").GetString()!;
    }

    /// <summary>Sends one text message in frames of at most 32 KB, as API Gateway's frame quota requires of clients.</summary>
    public static async Task SendTextAsync(ClientWebSocket client, string text)
    {
        const int FrameBytes = 32 * 1024;
        var bytes = Encoding.UTF8.GetBytes(text);
        var offset = 0;
        do
        {
            var length = Math.Min(FrameBytes, bytes.Length - offset);
            await client.SendAsync(bytes.AsMemory(offset, length), WebSocketMessageType.Text, offset + length == bytes.Length, CancellationToken.None).AsTask().WaitAsync(Timeout);
            offset += length;
        }
        while (offset < bytes.Length);
    }

    public static async Task<string> ReceiveTextAsync(ClientWebSocket client)
    {
        var (text, _) = await ReceiveAsync(client);
        return text;
    }

    /// <summary>Receives one whole message and how many frames it came in.</summary>
    public static async Task<(string Text, int Frames)> ReceiveAsync(ClientWebSocket client)
    {
        var buffer = new byte[256 * 1024];
        using var message = new MemoryStream();
        var frames = 0;
        while (true)
        {
            var result = await client.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Timeout);
            frames++;
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"closed with {client.CloseStatus} {client.CloseStatusDescription}");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (Encoding.UTF8.GetString(message.ToArray()), frames);
            }
        }
    }

    /// <summary>Reads until the server's close frame, answers it as a browser does, and returns its status.</summary>
    public static async Task<int> ReceiveCloseAsync(ClientWebSocket client)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await client.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Timeout);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None).WaitAsync(Timeout);
                return (int)result.CloseStatus!.Value;
            }
        }
    }

    /// <summary>Waits (at most a second, as the gateway promises) until the store no longer holds the connection.</summary>
    public Task<bool> RecordGoneWithinASecondAsync(string connectionId) => RecordGoneWithinAsync(connectionId, TimeSpan.FromSeconds(1));

    /// <summary>Waits (at most <see cref="Timeout"/>) until the gateway holds <paramref name="expected"/> sockets.</summary>
    /// <remarks>A client's handshake completes a moment before the gateway registers the socket it accepted.</remarks>
    public async Task<int> ConnectionsSettleAtAsync(int expected)
    {
        for (var waited = TimeSpan.Zero; Gateway.Connections.Count != expected && waited < Timeout; waited += TimeSpan.FromMilliseconds(10))
        {
            await Task.Delay(10);
        }

        return Gateway.Connections.Count;
    }

    /// <summary>Waits at most <paramref name="limit"/> until neither the registry nor the store holds the connection.</summary>
    public async Task<bool> RecordGoneWithinAsync(string connectionId, TimeSpan limit)
    {
        for (var waited = TimeSpan.Zero; waited <= limit; waited += TimeSpan.FromMilliseconds(25))
        {
            if (await Store.GetAsync(connectionId) is null && !Gateway.Connections.TryGet(connectionId, out _))
            {
                return true;
            }

            await Task.Delay(25);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Abort();
            client.Dispose();
        }

        Http.Dispose();
        await Gateway.DisposeAsync();
    }

    private ClientWebSocket NewClient(string[] subprotocols)
    {
        var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        foreach (var protocol in subprotocols)
        {
            client.Options.AddSubProtocol(protocol);
        }

        _clients.Add(client);
        return client;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.")]
    private static partial System.Text.RegularExpressions.Regex JwtShape();
}
