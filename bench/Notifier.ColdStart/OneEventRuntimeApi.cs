using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Notifier.Testing.Http;

namespace Notifier.ColdStart;

/// <summary>A Lambda Runtime API on 127.0.0.1 that hands out one event per run and timestamps the run's first response.</summary>
/// <remarks>
/// Each run has its own request id and its event is served once, so a poll left over from a killed
/// process can never take the next run's event; later polls wait until their client goes away.
/// </remarks>
internal sealed class OneEventRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";
    private LoopbackServer? _server;
    private Run? _current;

    /// <summary>The <c>host:port</c> for <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string RuntimeApi => _server?.BaseAddress.Authority ?? throw new InvalidOperationException("The fake Runtime API is not started.");

    public static async Task<OneEventRuntimeApi> StartAsync()
    {
        var api = new OneEventRuntimeApi();
        api._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet(Prefix + "/invocation/next", api.ServeNextAsync);
            app.MapPost(Prefix + "/invocation/{id}/response", api.RecordResponse);
            app.MapPost(Prefix + "/invocation/{id}/error", context => api.RecordFailureAsync(context, "invocation error"));
            app.MapPost(Prefix + "/init/error", context => api.RecordFailureAsync(context, "init error"));
        });
        return api;
    }

    /// <summary>Queues <paramref name="payload"/> as the only event of a new run; the task completes with the response's arrival timestamp.</summary>
    public Task<long> BeginRun(byte[] payload)
    {
        var run = new Run(Guid.NewGuid().ToString(), payload);
        Volatile.Write(ref _current, run);
        return run.Responded.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task ServeNextAsync(HttpContext context)
    {
        var run = Volatile.Read(ref _current);
        if (run is null || Interlocked.Exchange(ref run.Served, 1) == 1)
        {
            // The bootstrap's second poll, or one from a process being killed: hold it until the client leaves.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = run.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:notifier-coldstart";
        headers["Lambda-Runtime-Trace-Id"] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0";
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(run.Payload, context.RequestAborted);
    }

    /// <summary>Timestamps the response on arrival; a response that is not an Allow policy fails the run, so a cheap refusal is never timed.</summary>
    private async Task RecordResponse(HttpContext context, string id)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var run = Volatile.Read(ref _current);
        if (run is not null && run.RequestId == id)
        {
            if (body.Contains("\"Effect\":\"Allow\"", StringComparison.Ordinal))
            {
                run.Responded.TrySetResult(arrived);
            }
            else
            {
                run.Responded.TrySetException(new InvalidOperationException($"The bootstrap answered without an Allow policy: {body}"));
            }
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task RecordFailureAsync(HttpContext context, string what)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Volatile.Read(ref _current)?.Responded.TrySetException(new InvalidOperationException($"The bootstrap posted an {what}: {body}"));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private sealed class Run(string requestId, byte[] payload)
    {
        public int Served;

        public string RequestId { get; } = requestId;

        public byte[] Payload { get; } = payload;

        public TaskCompletionSource<long> Responded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
