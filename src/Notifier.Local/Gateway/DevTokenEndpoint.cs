using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Notifier.Auth.Tokens;

namespace Notifier.Local.Gateway;

/// <summary><c>POST /_local/token</c> with <c>{"userId":"..."}</c>: a one-hour token for the dashboard's "connect as" panel.</summary>
/// <remarks>
/// Offered only when the gateway generated its own secret (a token signed with it is worth nothing elsewhere), and only
/// to this machine: the caller must be on loopback, name a loopback host (a DNS-rebinding page cannot), and send
/// <c>application/json</c>, which a cross-site page cannot do without a CORS preflight the gateway never grants.
/// </remarks>
internal sealed class DevTokenEndpoint
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const int MaxRequestBytes = 1024;

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
        if (body is null || UserIdFrom(body) is not { } userId)
        {
            return Results.Json(new DevTokenError("send {\"userId\":\"...\"} with a non-empty user id of at most 256 characters"), statusCode: 400);
        }

        return Results.Json(new DevTokenJson(_tokens.Issue(userId, Lifetime), userId, (long)Lifetime.TotalSeconds));
    }

    private static bool IsFromThisMachine(HttpRequest request, IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote) && request.Host.Host is "127.0.0.1" or "localhost" or "[::1]";

    private static string? UserIdFrom(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("userId", out var value)
                && value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 and <= 256 } userId
                && !string.IsNullOrWhiteSpace(userId)
                    ? userId
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
