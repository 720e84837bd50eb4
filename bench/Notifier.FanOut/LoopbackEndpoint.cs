using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifier.FanOut;

/// <summary>A stand-in for API Gateway's management API on 127.0.0.1: every <c>POST /{stage}/@connections/{id}</c> is read, counted and answered 200.</summary>
/// <remarks>An optional delay before each answer stands in for the round trip from Lambda to API Gateway, which loopback does not have.</remarks>
internal sealed class LoopbackEndpoint : IAsyncDisposable
{
    public const string Stage = "bench";

    private readonly WebApplication _app;
    private readonly TimeSpan _latency;
    private long _posts;

    private LoopbackEndpoint(WebApplication app, TimeSpan latency)
    {
        _app = app;
        _latency = latency;
    }

    /// <summary>The management API base URL, <c>http://127.0.0.1:{port}/bench</c>.</summary>
    public string Endpoint { get; private set; } = "";

    public long Posts => Interlocked.Read(ref _posts);

    public static async Task<LoopbackEndpoint> StartAsync(TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new LoopbackEndpoint(app, latency);
        app.MapPost("/{stage}/@connections/{**id}", endpoint.PostAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        endpoint.Endpoint = $"{address.TrimEnd('/')}/{Stage}";
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
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
