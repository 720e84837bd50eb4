using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Notifier.Testing.Http;

namespace Notifier.FanOut;

/// <summary>A stand-in for API Gateway's management API on 127.0.0.1: every <c>POST /{stage}/@connections/{id}</c> is read, counted and answered 200.</summary>
/// <remarks>An optional delay before each answer stands in for the round trip from Lambda to API Gateway, which loopback does not have.</remarks>
internal sealed class LoopbackEndpoint : IAsyncDisposable
{
    public const string Stage = "bench";

    private readonly TimeSpan _latency;
    private LoopbackServer? _server;
    private long _posts;

    private LoopbackEndpoint(TimeSpan latency) => _latency = latency;

    /// <summary>The management API base URL, <c>http://127.0.0.1:{port}/bench</c>.</summary>
    public string Endpoint => _server is null
        ? throw new InvalidOperationException("The endpoint is not started.")
        : _server.BaseAddress.AbsoluteUri + Stage;

    public long Posts => Interlocked.Read(ref _posts);

    public static async Task<LoopbackEndpoint> StartAsync(TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var endpoint = new LoopbackEndpoint(latency);
        endpoint._server = await LoopbackServer.StartAsync(app => app.MapPost("/{stage}/@connections/{**id}", endpoint.PostAsync))
            .WaitAsync(cancellationToken);
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task PostAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        if (_latency > TimeSpan.Zero)
        {
            await Task.Delay(_latency, context.RequestAborted);
        }

        Interlocked.Increment(ref _posts);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
