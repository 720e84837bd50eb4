using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Notifier.Auth.Tokens;
using Notifier.Core.Topics;

namespace Notifier.Local.Gateway;

/// <summary><c>POST /_local/token</c> with <c>{"userId":"...","topics":[...]}</c>: a one-hour token for the dashboard's "connect as" panel.</summary>
/// <remarks>
/// Offered only when the gateway generated its own secret (a token signed with it is worth nothing elsewhere), and only
/// to this machine: the caller must be on loopback, name a loopback host (a DNS-rebinding page cannot), and send
/// <c>application/json</c>, which a cross-site page cannot do without a CORS preflight the gateway never grants.
/// </remarks>
internal sealed class DevTokenEndpoint
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    // A body no larger cannot carry topics that encode to more than the authorizer passes on.
    private const int MaxRequestBytes = TopicGrants.MaximumEncodedBytes;

    private readonly DevTokenIssuer _tokens;
    private readonly bool _enabled;

    public DevTokenEndpoint(DevTokenIssuer tokens, bool enabled)
    {
        _tokens = tokens;
        _enabled = enabled;
    }

    public void Map(WebApplication app) => app.MapPost("/_local/token", (Func<HttpContext, Task<IResult>>)HandleAsync);

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        if (!_enabled)
        {
            return Results.Json(new DevTokenError("the gateway was started with a JWT secret of its own; paste a token instead"), statusCode: 404);
        }

        if (!IsFromThisMachine(context.Request, context.Connection.RemoteIpAddress))
        {
            return Results.Json(new DevTokenError("tokens are issued to this machine only"), statusCode: 403);
        }

        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(new DevTokenError("send Content-Type: application/json"), statusCode: 415);
        }

        var body = await RequestBody.ReadAsync(context.Request, MaxRequestBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Results.Json(new DevTokenError($"the body is over {MaxRequestBytes} bytes; {DevTokenRequest.Shape}"), statusCode: 400);
        }

        if (!DevTokenRequest.TryParse(body, out var request, out var error))
        {
            return Results.Json(new DevTokenError(error!), statusCode: 400);
        }

        var claims = request!.Topics.Count == 0 ? null : new Dictionary<string, object> { [_tokens.TopicsClaim] = request.Topics.ToArray() };
        return Results.Json(new DevTokenJson(_tokens.Issue(request.UserId, Lifetime, claims), request.UserId, request.Topics, (long)Lifetime.TotalSeconds));
    }

    private static bool IsFromThisMachine(HttpRequest request, IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote) && request.Host.Host is "127.0.0.1" or "localhost" or "[::1]";
}
