using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Notifier.Testing.Delivery;
using Notifier.Testing.Http;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// A management endpoint in front of the gateway's own: each post is answered from its connection's <see cref="FlapScript"/>,
/// and a post that is delivered really goes through to the gateway and its socket.
/// </summary>
internal sealed class FlappingManagementProxy : IAsyncDisposable
{
    /// <summary>How long a timing-out answer holds; far beyond any client timeout in the tests.</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);

    private readonly Uri _gatewayEndpoint;
    private readonly IReadOnlyDictionary<string, FlapScript> _scripts;
    private readonly ConcurrentDictionary<string, int> _posts = new(StringComparer.Ordinal);
    private readonly HttpClient _forward = new() { Timeout = GatewayHarness.Timeout };
    private LoopbackServer? _server;

    private FlappingManagementProxy(Uri gatewayEndpoint, IReadOnlyDictionary<string, FlapScript> scripts)
    {
        _gatewayEndpoint = gatewayEndpoint;
        _scripts = scripts;
    }

    /// <summary>The management base URL to store in connection records, <c>http://127.0.0.1:{port}/local</c>.</summary>
    public string Endpoint => new Uri(_server!.BaseAddress, "local").AbsoluteUri;

    public static async Task<FlappingManagementProxy> StartAsync(Uri gatewayEndpoint, IReadOnlyDictionary<string, FlapScript> scripts)
    {
        var proxy = new FlappingManagementProxy(gatewayEndpoint, scripts);
        proxy._server = await LoopbackServer.StartAsync(app => app.MapPost("/local/@connections/{**id}", proxy.HandleAsync));
        return proxy;
    }

    /// <summary>How many posts reached the proxy for <paramref name="connectionId"/>.</summary>
    public int Posts(string connectionId) => _posts.GetValueOrDefault(connectionId);

    public async ValueTask DisposeAsync()
    {
        _forward.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var connectionId = ManagementPaths.ConnectionIdOf(context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
        var post = _posts.AddOrUpdate(connectionId, 1, (_, n) => n + 1) - 1;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        switch (_scripts[connectionId].AnswerTo(post))
        {
            case FlapAnswer.Deliver:
                await ForwardAsync(context, connectionId, body.ToArray(), answer: true);
                break;
            case FlapAnswer.Gone:
                await ErrorAsync(context, 410, "GoneException");
                break;
            case FlapAnswer.Throttle:
                await ErrorAsync(context, 429, "LimitExceededException");
                break;
            case FlapAnswer.ServerError:
                await ErrorAsync(context, 500, "InternalServerErrorException");
                break;
            case FlapAnswer.TimeoutBeforeDelivery:
                await HoldAsync(context);
                break;
            case FlapAnswer.TimeoutAfterDelivery:
                await ForwardAsync(context, connectionId, body.ToArray(), answer: false);
                await HoldAsync(context);
                break;
        }
    }

    private async Task ForwardAsync(HttpContext context, string connectionId, byte[] body, bool answer)
    {
        using var response = await _forward.PostAsync(
            new Uri($"{_gatewayEndpoint.AbsoluteUri.TrimEnd('/')}/@connections/{Uri.EscapeDataString(connectionId)}"), new ByteArrayContent(body));
        if (answer)
        {
            await ErrorAsync(context, (int)response.StatusCode, response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First() : null);
        }
    }

    private static async Task HoldAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Hold, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ErrorAsync(HttpContext context, int status, string? errorType)
    {
        context.Response.StatusCode = status;
        if (errorType is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = errorType;
            await context.Response.WriteAsync("{\"message\":\"from the proxy\"}", context.RequestAborted);
        }
    }
}
