using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core.Connections;

namespace Notifier.Functions.Handlers;

/// <summary><c>$connect</c>: records the authorized connection so that senders can find it.</summary>
/// <remarks>
/// Any non-2xx answer makes API Gateway refuse the handshake with that status: 429 when the user already holds
/// <see cref="ConnectionCap.MaxPerUser"/> connections, 500 when the store fails.
/// </remarks>
internal sealed class ConnectFunction : WebSocketRouteFunction
{
    private readonly IConnectionStore _store;
    private readonly ManagementEndpoints _endpoints;
    private readonly SubprotocolSelector _subprotocols;
    private readonly ConnectionCap _cap;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ConnectFunction> _logger;

    public ConnectFunction(
        IConnectionStore store,
        ManagementEndpoints endpoints,
        SubprotocolSelector subprotocols,
        ConnectionCap cap,
        TimeProvider timeProvider,
        ILogger<ConnectFunction> logger)
    {
        _store = store;
        _endpoints = endpoints;
        _subprotocols = subprotocols;
        _cap = cap;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override string Name => "connect";

    public override async Task<WebSocketResponse> HandleAsync(WebSocketEvent webSocketEvent, CancellationToken cancellationToken)
    {
        var connection = ConnectionContext.TryRead(webSocketEvent, _timeProvider, out var problem);
        if (connection is null)
        {
            HandlerLog.ConnectRefused(_logger, webSocketEvent.RequestContext?.ConnectionId, problem);
            return WebSocketResponse.Status(401, "Unauthorized");
        }

        // Chosen before the record is written, which keeps it: senders read it to know who takes envelopes.
        var requested = EventHeaders.Header(webSocketEvent.Headers, webSocketEvent.MultiValueHeaders, "Sec-WebSocket-Protocol");
        var chosen = _subprotocols.Choose(requested);
        var record = new ConnectionRecord(
            connection.ConnectionId,
            connection.UserId,
            _endpoints.For(connection.DomainName, connection.Stage),
            connection.ConnectedAt,
            ConnectionLifetime.ExpiresAt(connection.ConnectedAt),
            connection.SourceIp,
            chosen);
        try
        {
            if (_cap.IsLimited && !_cap.Allows((await _store.ListByUserAsync(connection.UserId, cancellationToken).ConfigureAwait(false)).Count))
            {
                HandlerLog.ConnectionCapReached(_logger, connection.ConnectionId, _cap.MaxPerUser);
                return WebSocketResponse.Status(429, "Too Many Requests");
            }

            await _store.AddAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HandlerLog.StoreFailed(_logger, exception, "connect", connection.ConnectionId);
            return WebSocketResponse.Status(500, "Internal Server Error");
        }

        HandlerLog.Connected(_logger, connection.ConnectionId);
        var response = WebSocketResponse.Status(200);
        if (chosen is not null)
        {
            response.Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Sec-WebSocket-Protocol"] = chosen };
        }

        return response;
    }
}
