using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core.Connections;

namespace Notifier.Functions.Handlers;

/// <summary><c>$disconnect</c>: forgets the connection and its topic subscriptions. Idempotent, since API Gateway may call it late, twice or never.</summary>
internal sealed class DisconnectFunction : WebSocketRouteFunction
{
    private readonly IConnectionStore _store;
    private readonly ILogger<DisconnectFunction> _logger;

    public DisconnectFunction(IConnectionStore store, ILogger<DisconnectFunction> logger)
    {
        _store = store;
        _logger = logger;
    }

    public override string Name => "disconnect";

    public override async Task<WebSocketResponse> HandleAsync(WebSocketEvent webSocketEvent, CancellationToken cancellationToken)
    {
        var context = webSocketEvent.RequestContext;
        if (context?.ConnectionId is not { Length: > 0 } connectionId)
        {
            HandlerLog.ConnectRefused(_logger, null, "disconnect event has no connectionId");
            return WebSocketResponse.Status(400, "malformed event");
        }

        try
        {
            var removed = await _store.RemoveAsync(connectionId, cancellationToken).ConfigureAwait(false);
            HandlerLog.Disconnected(_logger, connectionId, context.DisconnectStatusCode, context.DisconnectReason ?? string.Empty, removed);
            return WebSocketResponse.Status(200);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HandlerLog.StoreFailed(_logger, exception, "disconnect", connectionId);
            return WebSocketResponse.Status(500, "Internal Server Error");
        }
    }
}
