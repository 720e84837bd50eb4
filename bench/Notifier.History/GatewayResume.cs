using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Notifier.Auth.Tokens;
using Notifier.Core.Configuration;
using Notifier.Core.Delivery;
using Notifier.FanOut;

namespace Notifier.History;

/// <summary>A resume over a real socket: <c>Notifier.Local serve</c> in its own process (its in-memory history), one <c>notifier.v1</c> client.</summary>
/// <remarks>
/// The messages are published through the gateway's <c>POST /notifications</c> before the client connects, so they are
/// in the user's stream and missed. A resume is timed from sending the frame until the <c>resumed</c> frame arrives.
/// </remarks>
internal sealed class GatewayResume : IAsyncDisposable
{
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(30);

    private readonly GatewayProcess _gateway;
    private readonly HttpClient _http;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private ClientWebSocket? _socket;

    private GatewayResume(GatewayProcess gateway)
    {
        _gateway = gateway;
        _http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<GatewayResume> StartAsync(string gatewayDll) =>
        new(await GatewayProcess.StartAsync(gatewayDll, TimeSpan.FromSeconds(60)));

    /// <summary>Publishes <paramref name="messages"/> messages to <paramref name="userId"/> while nobody is connected, then connects the user's client.</summary>
    public async Task FillAsync(string userId, int messages)
    {
        for (var n = 1; n <= messages; n++)
        {
            using var content = new StringContent(
                $$$"""{"userId":"{{{userId}}}","message":{"type":"order.updated","orderId":"A-{{{n}}}","status":"shipped"}}""", Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync("notifications", content);
            response.EnsureSuccessStatusCode();
        }

        var token = new DevTokenIssuer(JwtOptions.FromSettings(new SettingsReader(name => name == JwtOptions.SecretVariable ? _gateway.Secret : null)))
            .Issue(userId, TimeSpan.FromHours(2));
        _socket = new ClientWebSocket();
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        _socket.Options.AddSubProtocol(NotificationEnvelope.Protocol);
        await _socket.ConnectAsync(new Uri($"{_gateway.WebSocketUrl}?token={Uri.EscapeDataString(token)}"), CancellationToken.None).WaitAsync(FrameTimeout);
        if (_socket.SubProtocol != NotificationEnvelope.Protocol)
        {
            throw new InvalidOperationException($"the gateway chose the subprotocol '{_socket.SubProtocol}', not {NotificationEnvelope.Protocol}");
        }
    }

    /// <summary>Resumes <paramref name="stream"/> from seq 0 and reads until <c>resumed</c>; returns the notifications received.</summary>
    public async Task<int> ResumeAsync(string stream, int last)
    {
        var socket = _socket ?? throw new InvalidOperationException("FillAsync connects the client first.");
        var frame = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["action"] = "resume",
            ["streams"] = new Dictionary<string, long> { [stream] = 0 },
        }));
        await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).WaitAsync(FrameTimeout);
        var notifications = 0;
        while (true)
        {
            var text = await ReceiveTextAsync(socket);
            using var received = JsonDocument.Parse(text);
            switch (received.RootElement.GetProperty("type").GetString())
            {
                case "notification":
                    notifications++;
                    break;
                case "resumed":
                    ResumeTime.CheckResumed(text, stream, last);
                    return notifications;
                default:
                    throw new InvalidOperationException($"the gateway sent {text}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket?.Abort();
        _socket?.Dispose();
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    private async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), CancellationToken.None).AsTask().WaitAsync(FrameTimeout);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"the gateway closed the socket: {socket.CloseStatus} {socket.CloseStatusDescription}");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(_buffer, 0, length);
            }

            if (length == _buffer.Length)
            {
                throw new InvalidOperationException("a frame larger than the bench's buffer arrived");
            }
        }
    }
}
