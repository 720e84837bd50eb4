using System.Text.Json;
using Notifier.Aws.Events;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Handlers;

/// <summary>The JSON edge shared by the route functions: event in, <see cref="WebSocketResponse"/> out.</summary>
/// <remarks>An event that is not API Gateway's JSON gets a 400 response instead of an exception.</remarks>
internal abstract class WebSocketRouteFunction : ILambdaFunction
{
    public abstract string Name { get; }

    public async Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var webSocketEvent = TryParse(payload.Span);
        var response = webSocketEvent is null
            ? WebSocketResponse.Status(400, "malformed event")
            : await HandleAsync(webSocketEvent, cancellationToken).ConfigureAwait(false);
        return FunctionResult.Success(JsonSerializer.SerializeToUtf8Bytes(response, ApiGatewayJson.Context.WebSocketResponse));
    }

    /// <summary>Handles one parsed event.</summary>
    public abstract Task<WebSocketResponse> HandleAsync(WebSocketEvent webSocketEvent, CancellationToken cancellationToken);

    private static WebSocketEvent? TryParse(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, ApiGatewayJson.Context.WebSocketEvent);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
