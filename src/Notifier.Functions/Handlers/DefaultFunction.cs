using System.Text;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core.Messages;

namespace Notifier.Functions.Handlers;

/// <summary><c>$default</c>: answers what a client sends; the response body goes back on the socket.</summary>
internal sealed class DefaultFunction : WebSocketRouteFunction
{
    private readonly ClientMessageResponder _responder;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DefaultFunction> _logger;

    public DefaultFunction(ClientMessageResponder responder, TimeProvider timeProvider, ILogger<DefaultFunction> logger)
    {
        _responder = responder;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override string Name => "default";

    public override Task<WebSocketResponse> HandleAsync(WebSocketEvent webSocketEvent, CancellationToken cancellationToken)
    {
        var connection = ConnectionContext.TryRead(webSocketEvent, _timeProvider, out var problem);
        if (connection is null)
        {
            HandlerLog.ConnectRefused(_logger, webSocketEvent.RequestContext?.ConnectionId, problem);
            return Task.FromResult(WebSocketResponse.Status(200, ClientMessageResponder.Error("connection is not authorized")));
        }

        var body = ReadBody(webSocketEvent);
        var reply = body is null
            ? ClientMessageResponder.Error("message is not valid UTF-8 text")
            : _responder.Respond(body, connection.ConnectionId, connection.UserId);
        HandlerLog.MessageAnswered(_logger, connection.ConnectionId, webSocketEvent.RequestContext?.MessageId);
        return Task.FromResult(WebSocketResponse.Status(200, reply));
    }

    /// <summary>The message text; null when a base64 body is not base64 or not UTF-8.</summary>
    private static string? ReadBody(WebSocketEvent webSocketEvent)
    {
        if (!webSocketEvent.IsBase64Encoded || webSocketEvent.Body is null)
        {
            return webSocketEvent.Body ?? string.Empty;
        }

        try
        {
            var bytes = Convert.FromBase64String(webSocketEvent.Body);
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            return null;
        }
    }
}
