using System.Text.Json;
using Notifier.Aws.Events;
using Notifier.Functions.Handlers;
using Notifier.Functions.Runtime;

namespace Notifier.Local.Gateway;

/// <summary>Calls the real Lambda functions in-process.</summary>
/// <remarks>
/// The authorizer gets the JSON API Gateway sends, read by its own reader as on AWS. The route functions get the
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
}
