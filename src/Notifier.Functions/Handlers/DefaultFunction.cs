using System.Text;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core.Messages;

namespace Notifier.Functions.Handlers;

/// <summary><c>$default</c>: answers what a client sends (ping, whoami, subscribe, unsubscribe, resume); the response body goes back on the socket.</summary>
/// <remarks>A resume posts the missed messages to the caller's connection while it runs; its reply, <c>resumed</c>, comes after them.</remarks>
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

    public override async Task<WebSocketResponse> HandleAsync(WebSocketEvent webSocketEvent, CancellationToken cancellationToken)
    {
        var connection = ConnectionContext.TryRead(webSocketEvent, _timeProvider, out var problem);
        if (connection is null)
        {
            HandlerLog.ConnectRefused(_logger, webSocketEvent.RequestContext?.ConnectionId, problem);
            return WebSocketResponse.Status(200, ClientFrames.Error("connection is not authorized"));
        }

        var body = ReadBody(webSocketEvent);
        var caller = new ClientCaller(connection.ConnectionId, connection.UserId, connection.Topics);
        var reply = body is null
            ? ClientFrames.Error("message is not valid UTF-8 text")
            : await _responder.RespondAsync(body, caller, cancellationToken).ConfigureAwait(false);
        HandlerLog.MessageAnswered(_logger, connection.ConnectionId, webSocketEvent.RequestContext?.MessageId);
        return WebSocketResponse.Status(200, reply);
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
