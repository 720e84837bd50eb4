using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Notifier.Testing.Lambda;

public sealed partial class FakeRuntimeApi
{
    private void MapRoutes(WebApplication app)
    {
        app.MapGet(Prefix + "/invocation/next", ServeNextAsync);
        app.MapPost(Prefix + "/invocation/{id}/response", async context =>
        {
            var body = await ReadBodyAsync(context);
            if (Take(ref _postFailuresToServe))
            {
                context.Response.StatusCode = _postFailureStatus;
                return;
            }

            _responses.Writer.TryWrite(new RecordedResponse(RouteId(context), body));
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        app.MapPost(Prefix + "/invocation/{id}/error", async context =>
        {
            if (Take(ref _postFailuresToServe))
            {
                await ReadBodyAsync(context);
                context.Response.StatusCode = _postFailureStatus;
                return;
            }

            await RecordErrorAsync(context, _errors, RouteId(context));
        });
        app.MapPost(Prefix + "/init/error", context => RecordErrorAsync(context, _initErrors, null));
    }

    private async Task ServeNextAsync(HttpContext context)
    {
        Interlocked.Increment(ref _nextRequests);
        if (TakeFailure() is { } failureStatus)
        {
            context.Response.StatusCode = failureStatus;
            return;
        }

        if (Take(ref _truncationsToServe))
        {
            context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = Guid.NewGuid().ToString();
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 100;
            await context.Response.Body.WriteAsync("{\"truncated\":"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _disposed.Token);
        FakeInvocation invocation;
        try
        {
            invocation = await _invocations.Reader.ReadAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var deadline = DateTimeOffset.UtcNow.Add(invocation.Timeout).ToUnixTimeMilliseconds();
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = FunctionArn;
        if (invocation.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(invocation.Payload, context.RequestAborted);
    }

    private static async Task RecordErrorAsync(HttpContext context, Channel<RecordedError> channel, string? requestId)
    {
        var body = await ReadBodyAsync(context);
        var header = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        channel.Writer.TryWrite(new RecordedError(requestId, header, Encoding.UTF8.GetString(body)));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static string RouteId(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private bool Take(ref int remaining)
    {
        lock (_gate)
        {
            if (remaining <= 0)
            {
                return false;
            }

            remaining--;
            return true;
        }
    }

    private int? TakeFailure()
    {
        lock (_gate)
        {
            if (_failuresToServe <= 0)
            {
                return null;
            }

            _failuresToServe--;
            return _failureStatus;
        }
    }
}
