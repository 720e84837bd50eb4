using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Notifier.Aws.Events;
using Microsoft.Extensions.Logging;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Gateway;

/// <summary>The receive loop of every connection: messages to their route, replies back, and the close each ended with.</summary>
internal sealed class WebSocketSession
{
    public static readonly TimeSpan CloseAnswerTimeout = TimeSpan.FromSeconds(2);

    private readonly GatewayFunctions _functions;
    private readonly GatewayEvents _events;
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly DashboardFeed? _feed;

    public WebSocketSession(GatewayFunctions functions, GatewayEvents events, GatewayOptions options, ILogger logger, DashboardFeed? feed = null)
    {
        _feed = feed;
        _functions = functions;
        _events = events;
        _options = options;
        _logger = logger;
    }

    /// <summary>Receives until the socket ends and returns the close to report to <c>$disconnect</c>.</summary>
    /// <remarks>The frame quota is read from <paramref name="transport"/>'s frame headers; without a transport it is not enforced.</remarks>
    public async Task<CloseRequest> RunAsync(LocalConnection connection, string domainName, UpgradedTransport? transport, CancellationToken stopping)
    {
        var invocations = new InFlightInvocations(_options.MaxInFlightMessages, stopping);
        var close = await ReceiveAsync(connection, domainName, transport, invocations).ConfigureAwait(false);

        // $disconnect comes after every invocation of this connection: a subscribe still running would otherwise
        // write a subscription after $disconnect removed the connection's.
        if (!await invocations.DrainAsync(_options.InFlightGrace, CloseAnswerTimeout).ConfigureAwait(false))
        {
            GatewayLog.InvocationsOutlivedConnection(_logger, connection.ConnectionId);
        }

        return close;
    }

    private async Task<CloseRequest> ReceiveAsync(LocalConnection connection, string domainName, UpgradedTransport? transport, InFlightInvocations invocations)
    {
        var message = new ArrayBufferWriter<byte>(); // no buffer until the first message: most connections only listen
        try
        {
            while (true)
            {
                // Idle connections wait here, with an empty buffer: no receive buffer is held while nothing arrives.
                var received = await connection.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                if (received.MessageType != WebSocketMessageType.Close && !received.EndOfMessage)
                {
                    received = await ReadChunkAsync(connection, message).ConfigureAwait(false);
                }

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return await AnswerCloseAsync(connection).ConfigureAwait(false);
                }

                if (connection.ServerClose is not null)
                {
                    continue; // closing: what still arrives is read and dropped until the client's close frame
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    // API Gateway takes no binary frames in incoming messages: it rejects one and disconnects with 1003.
                    await connection.CloseAsync(new CloseRequest(1003, "Binary frames are not supported"), CloseAnswerTimeout).ConfigureAwait(false);
                    message.Clear();
                    continue;
                }

                if (transport?.LargestClientFrameBytes > _options.FrameBytes)
                {
                    // API Gateway's 32 KB frame quota: a bigger frame closes with 1009 even when its message is under 128 KB. The
                    // header is read ahead of the message being handed out, so messages queued behind the big frame go unanswered.
                    await connection.CloseAsync(new CloseRequest(1009, "Frame too big"), CloseAnswerTimeout).ConfigureAwait(false);
                    message.Clear();
                    continue;
                }

                if (message.WrittenCount > _options.MaxMessageBytes)
                {
                    await connection.CloseAsync(new CloseRequest(1009, "Message too big"), CloseAnswerTimeout).ConfigureAwait(false);
                    message.Clear();
                    continue;
                }

                if (received.EndOfMessage)
                {
                    // Not awaited, as on API Gateway: the next message is read while this one's route runs.
                    connection.MarkReceived();
                    var body = Encoding.UTF8.GetString(message.WrittenSpan);
                    await invocations.StartAsync(
                        cancellationToken => HandleMessageAsync(connection, domainName, body, cancellationToken),
                        exception => InvocationEnded(connection, exception)).ConfigureAwait(false);
                    message = message.Capacity > 16 * 1024 ? new ArrayBufferWriter<byte>() : message;
                    message.Clear();
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            return connection.ServerClose ?? new CloseRequest(1006, string.Empty);
        }
        catch (Exception exception)
        {
            GatewayLog.SessionFailed(_logger, exception, connection.ConnectionId);
            return new CloseRequest(1011, "Internal server error");
        }
        finally
        {
            connection.MarkClosed();
        }
    }

    /// <summary>Reads the chunk that has arrived into <paramref name="message"/> (at most one byte past the limit), in a buffer rented for this read only.</summary>
    private async ValueTask<ValueWebSocketReceiveResult> ReadChunkAsync(LocalConnection connection, ArrayBufferWriter<byte> message)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var received = await connection.Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            if (received.MessageType != WebSocketMessageType.Close && connection.ServerClose is null)
            {
                var room = Math.Max(0, _options.MaxMessageBytes + 1 - message.WrittenCount);
                message.Write(buffer.AsSpan(0, Math.Min(received.Count, room)));
            }

            return received;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<CloseRequest> AnswerCloseAsync(LocalConnection connection)
    {
        if (connection.ServerClose is { } serverClose)
        {
            return serverClose;
        }

        var status = (int?)connection.Socket.CloseStatus ?? 1005;
        var reason = connection.Socket.CloseStatusDescription ?? string.Empty;
        using var timeout = new CancellationTokenSource(CloseAnswerTimeout);
        try
        {
            var echo = status == 1005 ? WebSocketCloseStatus.NormalClosure : (WebSocketCloseStatus)status;
            await connection.Socket.CloseOutputAsync(echo, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
        }

        return new CloseRequest(status, reason);
    }

    /// <summary>Invokes the message's route and sends the client what API Gateway would: the route's reply, or its error frame when the route failed.</summary>
    private async Task HandleMessageAsync(LocalConnection connection, string domainName, string body, CancellationToken cancellationToken)
    {
        var (routeKey, invoke) = _functions.SelectRoute(body);
        var messageEvent = _events.Message(connection, domainName, routeKey, body, isBase64Encoded: false);
        WebSocketResponse response;
        try
        {
            response = await invoke(messageEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            GatewayLog.RouteThrew(_logger, exception, connection.ConnectionId, routeKey);
            response = WebSocketResponse.Status(500, null);
        }

        byte[]? frame = null;
        if (response.Body is { Length: > 0 } reply)
        {
            frame = Encoding.UTF8.GetBytes(reply);
        }
        else if (response.StatusCode >= 500)
        {
            GatewayLog.RouteFailed(_logger, connection.ConnectionId, routeKey, response.StatusCode);
            frame = IntegrationFailure(connection.ConnectionId, messageEvent.RequestContext?.RequestId ?? string.Empty);
        }

        // Shown before the reply is sent, so that a reply the socket can no longer take still leaves its message in the feed.
        _feed?.Publish(new MessageEvent(routeKey, ActionOf(body), MessageEvent.Cut(body), frame is null ? null : MessageEvent.Cut(Encoding.UTF8.GetString(frame)), response.StatusCode)
        {
            ConnectionId = connection.ConnectionId,
            UserId = connection.UserId,
        });
        if (frame is not null)
        {
            await connection.SendAsync(frame, WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The message's <c>action</c> when it is a JSON object that names one, as route selection reads it.</summary>
    private static string? ActionOf(string body)
    {
        if (!body.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String ? MessageEvent.Cut(action.GetString()!) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What API Gateway sends a client whose message's integration failed; the connection stays open.</summary>
    internal static byte[] IntegrationFailure(string connectionId, string requestId)
    {
        var frame = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(frame))
        {
            writer.WriteStartObject();
            writer.WriteString("message", "Internal server error");
            writer.WriteString("connectionId", connectionId);
            writer.WriteString("requestId", requestId);
            writer.WriteEndObject();
        }

        return frame.WrittenSpan.ToArray();
    }

    /// <summary>A reply that cannot be sent because the socket has ended is expected; anything else is a bug, logged.</summary>
    private void InvocationEnded(LocalConnection connection, Exception exception)
    {
        if (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            return;
        }

        GatewayLog.RouteThrew(_logger, exception, connection.ConnectionId, "$default");
    }
}
