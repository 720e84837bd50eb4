using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Gateway;

/// <summary>The <c>GET /{stage}</c> upgrade: identity source, authorizer, <c>$connect</c>, then the socket's life and its <c>$disconnect</c>.</summary>
internal sealed class WebSocketHandshake
{
    private static readonly TimeSpan DrainQuietPeriod = TimeSpan.FromMilliseconds(250);

    private readonly GatewayFunctions _functions;
    private readonly GatewayEvents _events;
    private readonly ConnectionRegistry _registry;
    private readonly GatewayCounters _counters;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<WebSocketHandshake> _logger;
    private readonly WebSocketSession _session;
    private readonly DashboardFeed _feed;
    private readonly AuthorizerReasons _authorizerReasons;

    public WebSocketHandshake(
        GatewayFunctions functions,
        GatewayEvents events,
        ConnectionRegistry registry,
        GatewayCounters counters,
        GatewayOptions options,
        TimeProvider timeProvider,
        ILogger<WebSocketHandshake> logger,
        DashboardFeed feed,
        AuthorizerReasons authorizerReasons)
    {
        _functions = functions;
        _events = events;
        _registry = registry;
        _counters = counters;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _feed = feed;
        _authorizerReasons = authorizerReasons;
        _session = new WebSocketSession(functions, events, options, logger, feed);
    }

    public async Task HandleAsync(HttpContext context)
    {
        _counters.HandshakeStarted();
        try
        {
            // The session runs in this method rather than one of its own: every suspended method costs memory per idle connection.
            if (await AcceptAsync(context).ConfigureAwait(false) is { } connection)
            {
                var domainName = context.Request.Host.Value ?? string.Empty;
                _registry.TryAdd(connection);
                GatewayLog.Connected(_logger, connection.ConnectionId);
                CloseRequest close;
                try
                {
                    close = await _session.RunAsync(connection, domainName, TransportCapturingUpgrade.TransportOf(context), context.RequestAborted).ConfigureAwait(false);
                }
                finally
                {
                    _registry.Remove(connection.ConnectionId);
                }

                await EndAsync(connection, TransportCapturingUpgrade.TransportOf(context), domainName, close).ConfigureAwait(false);
            }
        }
        finally
        {
            _counters.HandshakeEnded();
        }
    }

    /// <summary>Identity source, authorizer and <c>$connect</c>, then the upgrade; null once the handshake has been refused.</summary>
    /// <remarks>Its own method, so that nothing the handshake needed (events, query, policy) stays referenced for the socket's life.</remarks>
    private async Task<LocalConnection?> AcceptAsync(HttpContext context)
    {
        var request = context.Request;
        var stopping = context.RequestAborted;
        var query = HandshakeQuery.Of(request);
        // The connection feature, not context.Connection: that wrapper would stay allocated on the request for the socket's life.
        var sourceIp = context.Features.Get<IHttpConnectionFeature>()?.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        if (Refusal(context, query) is { } refusal)
        {
            _feed.Publish(new HandshakeEvent(false, refusal.Status, refusal.Reason, null, sourceIp));
            await RefuseAsync(context, refusal.Status, refusal.Reason).ConfigureAwait(false);
            return null;
        }

        var connectionId = ConnectionIds.New();
        var identity = new ConnectionIdentity(
            sourceIp,
            request.Headers.UserAgent.ToString(),
            DateTimeOffset.FromUnixTimeMilliseconds(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
        var (status, authorizer) = await _functions.AuthorizeAsync(_events.Authorizer(request, query, connectionId, identity), stopping).ConfigureAwait(false);
        var authorizerReason = _authorizerReasons.Take(connectionId);
        if (authorizer is not { } authorizerContext)
        {
            _feed.Publish(new HandshakeEvent(false, status, "authorizer: " + (authorizerReason ?? AuthorizerStatusText(status)), null, sourceIp) { ConnectionId = connectionId });
            await RefuseAsync(context, status, "authorizer").ConfigureAwait(false);
            return null;
        }

        var connected = await _functions.ConnectAsync(_events.Connect(request, query, connectionId, identity, authorizerContext), stopping).ConfigureAwait(false);
        if (connected.StatusCode is < 200 or > 299)
        {
            var userId = UserIdOf(authorizerContext);
            var reason = connected.Body is { Length: > 0 } body ? MessageEvent.Cut(body) : null;
            _feed.Publish(new HandshakeEvent(false, connected.StatusCode, $"$connect answered {connected.StatusCode}" + (reason is null ? string.Empty : ": " + reason), null, sourceIp)
            {
                ConnectionId = connectionId,
                UserId = userId,
            });
            _feed.Publish(new ConnectEvent(connected.StatusCode, reason) { ConnectionId = connectionId, UserId = userId });
            await RefuseAsync(context, connected.StatusCode, "$connect").ConfigureAwait(false);
            return null;
        }

        var subprotocol = connected.Headers?.GetValueOrDefault("Sec-WebSocket-Protocol") is { } chosen && context.WebSockets.WebSocketRequestedProtocols.Contains(chosen)
            ? chosen
            : null;
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subprotocol, KeepAliveInterval = TimeSpan.Zero })
            .ConfigureAwait(false);
        var connection = new LocalConnection(connectionId, socket, identity, authorizerContext, _timeProvider, _options.FrameBytes, _options.PostTimeout);
        _feed.Publish(new HandshakeEvent(true, 101, null, subprotocol, sourceIp) { ConnectionId = connectionId, UserId = connection.UserId });
        _feed.Publish(new ConnectEvent(connected.StatusCode, null) { ConnectionId = connectionId, UserId = connection.UserId });
        return connection;
    }

    /// <summary>After the socket: lets a protocol error's close frame reach the client, then runs <c>$disconnect</c>.</summary>
    private async Task EndAsync(LocalConnection connection, UpgradedTransport? transport, string domainName, CloseRequest close)
    {
        var released = Task.CompletedTask;
        if (close.Status == 1006 && transport?.SentCloseStatus is { } sent)
        {
            // A protocol error (1002, 1007): the WebSocket sent its close and gave up. Let that frame reach the client.
            close = new CloseRequest(sent, string.Empty);
            released = DrainThenDisposeAsync(transport, connection);
        }
        else
        {
            connection.Socket.Dispose();
        }

        // $disconnect runs whatever ended the socket, and outlives the request that carried it.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _functions.DisconnectAsync(_events.Disconnect(connection, domainName, close), timeout.Token).ConfigureAwait(false);
        }

        GatewayLog.Disconnected(_logger, connection.ConnectionId, close.Status, close.Reason);
        _feed.Publish(new DisconnectEvent(close.Status, close.Reason.Length > 0 ? MessageEvent.Cut(close.Reason) : null) { ConnectionId = connection.ConnectionId, UserId = connection.UserId });
        await released.ConfigureAwait(false);
    }

    private static async Task DrainThenDisposeAsync(UpgradedTransport transport, LocalConnection connection)
    {
        await transport.DrainAsync(DrainQuietPeriod, WebSocketSession.CloseAnswerTimeout).ConfigureAwait(false);
        connection.Socket.Dispose();
    }

    private (int Status, string Reason)? Refusal(HttpContext context, HandshakeQuery query)
    {
        var request = context.Request;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return (426, "not a WebSocket upgrade");
        }

        if (request.Path.Value!.Length + request.QueryString.Value?.Length > _options.MaxUrlLength)
        {
            return (414, "URL too long");
        }

        // The authorizer's identity source is route.request.querystring.token: without it API Gateway
        // answers 401 and never calls the authorizer.
        return query.HasToken ? null : (401, "no token in the query string");
    }

    private async Task RefuseAsync(HttpContext context, int statusCode, string reason)
    {
        GatewayLog.HandshakeRefused(_logger, statusCode, reason);
        context.Response.StatusCode = statusCode;
        await context.Response.WriteAsync(StatusText(statusCode), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>What an authorizer status means when no reason was logged for it.</summary>
    private static string AuthorizerStatusText(int statusCode) => statusCode switch
    {
        401 => "unauthorized",
        403 => "denied",
        _ => "failed",
    };

    private static string? UserIdOf(System.Text.Json.JsonElement authorizer) =>
        authorizer.TryGetProperty("principalId", out var principal) ? principal.GetString() : null;

    private static string StatusText(int statusCode) => statusCode switch
    {
        401 => "Unauthorized",
        403 => "Forbidden",
        414 => "URI Too Long",
        426 => "Upgrade Required",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    };
}
