using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notifier.Local.Gateway;

/// <summary>
/// Keeps web pages away from the endpoints that change state or reveal users: the publish API (<c>/notifications</c>,
/// presence, topic members), the management API (<c>/{stage}/@connections/...</c>) and the dashboard's endpoints that name users
/// or connections (<c>/_local/connections</c>, <c>events</c>, <c>topics</c>, <c>streams</c>, <c>publishes/{id}</c>).
/// </summary>
/// <remarks>
/// <para>A developer's browser can reach the gateway, so any page it opens could call it. Three checks close that:
/// the <c>Host</c> must be an IP address or <c>localhost</c> (a DNS-rebinding page names its own host, which now
/// resolves here); a cross-site browser request is refused (browsers mark it with <c>Sec-Fetch-Site</c> and
/// <c>Origin</c>); and the publish API takes <c>application/json</c> only, which a page can send elsewhere only
/// after a CORS preflight the gateway never grants. Backend clients (the AWS CLI, boto3, the SDKs, curl) send
/// neither header and are unaffected.</para>
/// <para>With credentials configured (<c>--aws-access-key-id</c>), every one of these endpoints requires a SigV4
/// signature, as the deployed APIs require IAM; the management API checks its own.</para>
/// <para>Every answer also forbids framing (<c>X-Frame-Options</c>, <c>frame-ancestors</c>), so no site can frame the dashboard.</para>
/// </remarks>
internal sealed class BackendGuard
{
    private readonly GatewayOptions _options;
    private readonly ManagementAuthentication _authentication;
    private readonly ILogger<BackendGuard> _logger;

    public BackendGuard(GatewayOptions options, ManagementAuthentication authentication, ILogger<BackendGuard> logger)
    {
        _options = options;
        _authentication = authentication;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        var endpoint = Classify(RawPath.Of(context));
        if (endpoint == Endpoint.Open)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (await RefuseAsync(context, endpoint).ConfigureAwait(false) is { } refusal)
        {
            GatewayLog.BackendCallRefused(_logger, request.Method, refusal.Reason);
            await ManagementApi.ErrorAsync(context, refusal.Status, refusal.ErrorType, refusal.Message).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task<Refusal?> RefuseAsync(HttpContext context, Endpoint endpoint)
    {
        var request = context.Request;
        if (!IsMachineHost(request.Host.Host))
        {
            return new(403, "ForbiddenException", "this gateway answers calls addressed to this machine only (Host: localhost or an IP address)", "host not local");
        }

        if (IsCrossSiteBrowserRequest(request))
        {
            return new(403, "ForbiddenException", "cross-site browser requests are refused", "cross-site request");
        }

        if (endpoint == Endpoint.Publish && HttpMethods.IsPost(request.Method) && !IsJson(request.ContentType))
        {
            return new(415, "UnsupportedMediaTypeException", "send Content-Type: application/json", "not JSON");
        }

        // The management API checks its own signatures, on the body it reads anyway.
        return endpoint == Endpoint.Publish ? await CheckSignatureAsync(context).ConfigureAwait(false) : null;
    }

    private Endpoint Classify(string path)
    {
        if (path.StartsWith($"/{_options.Stage}/@connections/", StringComparison.Ordinal))
        {
            return Endpoint.Management;
        }

        return path is "/notifications" or "/_local/connections" or "/_local/events" or "/_local/topics" or "/_local/streams"
            || path.StartsWith("/_local/publishes/", StringComparison.Ordinal)
            || path.StartsWith("/notifications/", StringComparison.Ordinal)
            || path.StartsWith("/users/", StringComparison.Ordinal)
            || path.StartsWith("/topics/", StringComparison.Ordinal)
            ? Endpoint.Publish
            : Endpoint.Open;
    }

    /// <summary>Null when the call is signed as required (or no signature is required); otherwise the refusal.</summary>
    private async Task<Refusal?> CheckSignatureAsync(HttpContext context)
    {
        if (!_authentication.IsRequired)
        {
            return null;
        }

        // The signature covers the body: read it once, and leave it for the endpoint to read again.
        context.Request.EnableBuffering();
        var body = await RequestBody.ReadAsync(context.Request, 2 * _options.MaxMessageBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return new(413, "PayloadTooLargeException", "request is too large", "too large");
        }

        context.Request.Body.Position = 0;
        return _authentication.Check(context, body) is { } refusal ? new(403, refusal.ErrorType, refusal.Message, refusal.Reason) : null;
    }

    /// <summary><c>localhost</c> or an IP literal: a name that could be rebound to this machine by someone else's DNS is not one.</summary>
    private static bool IsMachineHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out _);

    /// <summary>A browser's request from another site: marked so by Fetch Metadata, or carrying another origin.</summary>
    private static bool IsCrossSiteBrowserRequest(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsJson(string? contentType) =>
        string.Equals(contentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase);

    private readonly record struct Refusal(int Status, string ErrorType, string Message, string Reason);

    private enum Endpoint
    {
        Open,
        Publish,
        Management,
    }
}
