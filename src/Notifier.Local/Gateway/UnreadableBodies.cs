using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notifier.Local.Gateway;

/// <summary>Answers a request whose body cannot be read (cut short, too slow, malformed chunking) with a 400 and one log line.</summary>
/// <remarks>
/// Kestrel raises these as exceptions out of the endpoint's read; unhandled, each became a 500 and a multi-line stack
/// trace, so a client that sent bodies slowly or abandoned them could flood the log. They are the client's fault and
/// say nothing about the gateway, so one line with Kestrel's reason is enough. A client that is gone gets no answer.
/// </remarks>
internal sealed class UnreadableBodies
{
    private readonly ILogger<UnreadableBodies> _logger;

    public UnreadableBodies(ILogger<UnreadableBodies> logger)
    {
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is BadHttpRequestException or IOException && !context.Response.HasStarted)
        {
            GatewayLog.RequestBodyUnreadable(_logger, context.Request.Method, exception.Message);
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await ManagementApi.ErrorAsync(context, 400, "BadRequestException", $"the request body could not be read: {exception.Message}").ConfigureAwait(false);
            }
        }
    }
}
