using System.Text.Json;
using Notifier.Aws.Events;
using Notifier.Functions.Handlers;
using Notifier.Functions.Runtime;

namespace Notifier.Local.Gateway;

/// <summary>Calls the real Lambda functions in-process, through the same JSON API Gateway sends and reads.</summary>
internal sealed class GatewayFunctions
{
    private readonly ILambdaFunction _authorizer;
    private readonly ILambdaFunction _connect;
    private readonly ILambdaFunction _disconnect;
    private readonly ILambdaFunction _default;

    public GatewayFunctions(ILambdaFunction authorizer, ILambdaFunction connect, ILambdaFunction disconnect, ILambdaFunction defaultRoute)
    {
        _authorizer = authorizer;
        _connect = connect;
        _disconnect = disconnect;
        _default = defaultRoute;
    }

    /// <summary>Runs the REQUEST authorizer: its <c>Unauthorized</c> error is 401, any other error 500.</summary>
    public async Task<AuthorizerVerdict> AuthorizeAsync(WebSocketAuthorizerRequest request, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(request, ApiGatewayJson.Context.WebSocketAuthorizerRequest);
        var result = await InvokeSafelyAsync(_authorizer, payload, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return AuthorizerVerdict.Refuse(result.ErrorMessage == AuthorizerFunction.UnauthorizedError ? 401 : 500);
        }

        return AuthorizerVerdict.FromPolicy(result.Response, request.MethodArn!);
    }

    public Task<WebSocketResponse> ConnectAsync(WebSocketEvent connectEvent, CancellationToken cancellationToken) =>
        InvokeRouteAsync(_connect, connectEvent, cancellationToken);

    public Task<WebSocketResponse> DisconnectAsync(WebSocketEvent disconnectEvent, CancellationToken cancellationToken) =>
        InvokeRouteAsync(_disconnect, disconnectEvent, cancellationToken);

    /// <summary>Route selection by <c>$request.body.action</c>; only <c>$default</c> is defined, so every message lands there.</summary>
    public (string RouteKey, Func<WebSocketEvent, CancellationToken, Task<WebSocketResponse>> Invoke) SelectRoute(string body) =>
        ("$default", (messageEvent, token) => InvokeRouteAsync(_default, messageEvent, token));

    private static async Task<WebSocketResponse> InvokeRouteAsync(ILambdaFunction function, WebSocketEvent webSocketEvent, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(webSocketEvent, ApiGatewayJson.Context.WebSocketEvent);
        var result = await InvokeSafelyAsync(function, payload, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return WebSocketResponse.Status(500, null);
        }

        try
        {
            return JsonSerializer.Deserialize(result.Response, ApiGatewayJson.Context.WebSocketResponse) ?? WebSocketResponse.Status(500);
        }
        catch (JsonException)
        {
            return WebSocketResponse.Status(500);
        }
    }

    /// <summary>A function that throws is a failed invocation (API Gateway answers 500), never a crashed gateway.</summary>
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
}
