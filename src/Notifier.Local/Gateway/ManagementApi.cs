using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Gateway;

/// <summary>API Gateway's management API, <c>POST|GET|DELETE /{stage}/@connections/{id}</c>, answering as AWS does.</summary>
/// <remarks>
/// Errors carry the type in <c>x-amzn-ErrorType</c> and a JSON <c>message</c>, which is what the AWS CLI,
/// boto3 and the SDKs read. The id is taken from the raw request target, so escaped <c>/</c>, <c>+</c>
/// and <c>=</c> in ids survive routing.
/// </remarks>
internal sealed class ManagementApi
{
    private const string Marker = "/@connections/";

    private readonly ConnectionRegistry _registry;
    private readonly GatewayOptions _options;
    private readonly ManagementAuthentication _authentication;
    private readonly ILogger<ManagementApi> _logger;
    private readonly DashboardFeed _feed;

    public ManagementApi(ConnectionRegistry registry, GatewayOptions options, ManagementAuthentication authentication, ILogger<ManagementApi> logger, DashboardFeed feed)
    {
        _feed = feed;
        _registry = registry;
        _options = options;
        _authentication = authentication;
        _logger = logger;
    }

    public void Map(WebApplication app)
    {
        app.MapMethods("/{stage}/@connections/{**id}", ["POST", "GET", "DELETE"], HandleAsync);
    }

    private async Task HandleAsync(HttpContext context, string stage)
    {
        if (!await AnswerAsync(context, stage).ConfigureAwait(false))
        {
            Announce(context, context.Response.StatusCode, null);
        }
    }

    /// <summary>Answers the call; true when it has already put the call in the feed (a DELETE, before its disconnect).</summary>
    private async Task<bool> AnswerAsync(HttpContext context, string stage)
    {
        var body = await RequestBody.ReadAsync(context.Request, _options.MaxMessageBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await ErrorAsync(context, 413, "PayloadTooLargeException", "Request entity too large").ConfigureAwait(false);
            return false;
        }

        if (_authentication.Check(context, body) is { } refusal)
        {
            GatewayLog.ManagementRefused(_logger, context.Request.Method, refusal.Reason);
            await ErrorAsync(context, 403, refusal.ErrorType, refusal.Message).ConfigureAwait(false);
            return false;
        }

        if (!string.Equals(stage, _options.Stage, StringComparison.Ordinal))
        {
            await ErrorAsync(context, 403, "ForbiddenException", "Forbidden").ConfigureAwait(false);
            return false;
        }

        if (ConnectionIdFrom(context) is not { Length: > 0 } connectionId || !_registry.TryGet(connectionId, out var connection))
        {
            await ErrorAsync(context, 410, "GoneException", "").ConfigureAwait(false);
            return false;
        }

        switch (context.Request.Method)
        {
            case "POST":
                await PostAsync(context, connection, body).ConfigureAwait(false);
                break;
            case "GET":
                await context.Response.WriteAsJsonAsync(
                    new { connectedAt = Iso(connection.ConnectedAt), identity = new { sourceIp = connection.Identity.SourceIp, userAgent = connection.Identity.UserAgent }, lastActiveAt = Iso(connection.LastActiveAt) },
                    context.RequestAborted).ConfigureAwait(false);
                break;
            default:
                // In the feed before the close it causes, so that a page sees the call and then the disconnect.
                Announce(context, 204, connection.UserId);
                await connection.CloseAsync(new CloseRequest(1000, "Connection deleted"), WebSocketSession.CloseAnswerTimeout).ConfigureAwait(false);
                context.Response.StatusCode = 204;
                break;
        }

        return HttpMethods.IsDelete(context.Request.Method);
    }

    private static async Task PostAsync(HttpContext context, LocalConnection connection, byte[] body)
    {
        try
        {
            if (await connection.SendAsync(body, WebSocketMessageType.Text, context.RequestAborted).ConfigureAwait(false))
            {
                context.Response.StatusCode = 200;
            }
            else
            {
                // The client stopped reading and was disconnected: from now on the connection is gone, as AWS answers.
                await ErrorAsync(context, 410, "GoneException", "").ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            await ErrorAsync(context, 410, "GoneException", "").ConfigureAwait(false);
        }
    }

    private void Announce(HttpContext context, int status, string? userId)
    {
        var connectionId = ConnectionIdFrom(context);
        if (userId is null && connectionId is not null && _registry.TryGet(connectionId, out var connection))
        {
            userId = connection.UserId;
        }

        _feed.Publish(new ManagementEvent(context.Request.Method, status) { ConnectionId = connectionId, UserId = userId });
    }

    private static string? ConnectionIdFrom(HttpContext context)
    {
        var path = RawPath.Of(context);
        var marker = path.IndexOf(Marker, StringComparison.Ordinal);
        return marker < 0 ? null : Uri.UnescapeDataString(path[(marker + Marker.Length)..]);
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static async Task ErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-ErrorType"] = errorType;
        await context.Response.WriteAsJsonAsync(new { message }, context.RequestAborted).ConfigureAwait(false);
    }
}
