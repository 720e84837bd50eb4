using System.Buffers;
using System.Text.Json;
using Notifier.Aws.Events;
using Notifier.Functions.Handlers;
using Notifier.Functions.Runtime;

namespace Notifier.Local.Gateway;

/// <summary>Calls the real Lambda functions in-process.</summary>
/// <remarks>
/// The authorizer gets the JSON API Gateway sends, and its policy is read back as API Gateway reads it. The route functions get the
/// event record their JSON edge would parse (<see cref="WebSocketRouteFunction.HandleAsync"/>): the gateway builds
/// it field for field, and the tests check that it survives that JSON unchanged and is answered the same both ways.
/// Serializing and parsing every message and its answer cost about a third of the gateway's CPU per message.
/// </remarks>
internal sealed class GatewayFunctions
{
    private readonly ILambdaFunction _authorizer;
    private readonly WebSocketRouteFunction _connect;
    private readonly WebSocketRouteFunction _disconnect;
    private readonly WebSocketRouteFunction _default;

    public GatewayFunctions(ILambdaFunction authorizer, WebSocketRouteFunction connect, WebSocketRouteFunction disconnect, WebSocketRouteFunction defaultRoute)
    {
        _authorizer = authorizer;
        _connect = connect;
        _disconnect = disconnect;
        _default = defaultRoute;
    }

    /// <summary>
    /// Runs the REQUEST authorizer as API Gateway does: the connection's <c>requestContext.authorizer</c> to go on with,
    /// or the handshake's refusal status (its <c>Unauthorized</c> error is 401, any other error 500, a Deny 403).
    /// </summary>
    public async Task<(int StatusCode, JsonElement? Context)> AuthorizeAsync(WebSocketAuthorizerRequest request, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(request, ApiGatewayJson.Context.WebSocketAuthorizerRequest);
        var result = await InvokeSafelyAsync(_authorizer, payload, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return (result.ErrorMessage == AuthorizerFunction.UnauthorizedError ? 401 : 500, null);
        }

        return ReadPolicy(result.Response, request.MethodArn!);
    }

    /// <summary>Reads a policy as API Gateway does: Allow on the method ARN continues (200), Deny is 403, a malformed answer 500.</summary>
    /// <remarks>
    /// The context kept is one small JSON object, <c>principalId</c> and the context's scalar values, for the
    /// connection's life; every event gets its own dictionary of it (<see cref="GatewayEvents"/>).
    /// </remarks>
    internal static (int StatusCode, JsonElement? Context) ReadPolicy(ReadOnlySpan<byte> response, string methodArn)
    {
        try
        {
            using var document = JsonDocument.Parse(response.ToArray());
            var root = document.RootElement;
            if (!root.TryGetProperty("principalId", out var principal) || principal.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("policyDocument", out var policy) || !policy.TryGetProperty("Statement", out var statements)
                || statements.ValueKind != JsonValueKind.Array)
            {
                return (500, null);
            }

            var allowed = false;
            foreach (var statement in statements.EnumerateArray())
            {
                var effect = statement.TryGetProperty("Effect", out var e) ? e.GetString() : null;
                var resource = statement.TryGetProperty("Resource", out var r) ? r.GetString() : null;
                var covers = resource is "*" || string.Equals(resource, methodArn, StringComparison.Ordinal);
                if (covers && effect == "Deny")
                {
                    return (403, null);
                }

                allowed |= covers && effect == "Allow";
            }

            return allowed ? (200, KeepContext(root, principal)) : (403, null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return (500, null);
        }
    }

    public Task<WebSocketResponse> ConnectAsync(WebSocketEvent connectEvent, CancellationToken cancellationToken) =>
        InvokeRouteAsync(_connect, connectEvent, cancellationToken);

    public Task<WebSocketResponse> DisconnectAsync(WebSocketEvent disconnectEvent, CancellationToken cancellationToken) =>
        InvokeRouteAsync(_disconnect, disconnectEvent, cancellationToken);

    /// <summary>Route selection by <c>$request.body.action</c>; only <c>$default</c> is defined, so every message lands there.</summary>
    public (string RouteKey, Func<WebSocketEvent, CancellationToken, Task<WebSocketResponse>> Invoke) SelectRoute(string body) =>
        ("$default", (messageEvent, token) => InvokeRouteAsync(_default, messageEvent, token));

    /// <summary>A function that throws is a failed invocation (API Gateway answers 500), never a crashed gateway.</summary>
    private static async Task<WebSocketResponse> InvokeRouteAsync(WebSocketRouteFunction function, WebSocketEvent webSocketEvent, CancellationToken cancellationToken)
    {
        try
        {
            return await function.HandleAsync(webSocketEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return WebSocketResponse.Status(500, null);
        }
    }

    /// <summary>An authorizer that throws is a failed invocation (API Gateway answers 500), never a crashed gateway.</summary>
    private static async Task<(bool IsSuccess, byte[] Response, string? ErrorMessage)> InvokeSafelyAsync(
        ILambdaFunction function, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            var result = await function.InvokeAsync(payload, cancellationToken).ConfigureAwait(false);
            return (result.IsSuccess, result.Response ?? [], result.ErrorMessage);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (false, [], exception.GetType().Name);
        }
    }
    /// <summary><c>principalId</c> and the context's scalar values, as one small document kept for the connection's life.</summary>
    /// <remarks>A clone of each value would cost a document each, for every connection.</remarks>
    private static JsonElement KeepContext(JsonElement root, JsonElement principal)
    {
        var kept = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(kept))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("principalId");
            principal.WriteTo(writer);
            if (root.TryGetProperty("context", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var value in values.EnumerateObject())
                {
                    if (value.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    {
                        value.WriteTo(writer);
                    }
                }
            }

            writer.WriteEndObject();
        }

        var reader = new Utf8JsonReader(kept.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
