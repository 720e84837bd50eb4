using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Notifier.Local.Gateway;

/// <summary>
/// The developer's window on the gateway: <c>GET /</c> (a page), <c>GET /_local/connections</c> (the same list as JSON),
/// <c>GET /_local/delivery</c> (the delivery counters, <see cref="DeliveryTotals"/>),
/// <c>GET /_local/page/{name}</c> (the page's stylesheet and modules) and
/// <c>GET /_local/notifier-client.js</c> (the browser client the page connects with).
/// </summary>
/// <remarks>The delivery counters are open as the page is: sums only, nothing about a user or a connection.</remarks>
internal sealed class Dashboard
{
    private readonly ConnectionRegistry _registry;
    private readonly GatewayCounters _counters;
    private readonly TimeProvider _timeProvider;
    private readonly string _page;

    public Dashboard(ConnectionRegistry registry, GatewayCounters counters, TimeProvider timeProvider, GatewayOptions options)
    {
        _registry = registry;
        _counters = counters;
        _timeProvider = timeProvider;
        _page = EmbeddedFiles.DashboardPage.Value.Replace("{{stage}}", WebUtility.HtmlEncode(options.Stage), StringComparison.Ordinal);
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Content(_page, "text/html; charset=utf-8"));
        app.MapGet("/_local/page/{name}", (string name) => PageAsset(name));
        app.MapGet("/_local/notifier-client.js", () => Results.Content(EmbeddedFiles.BrowserClient.Value, "text/javascript; charset=utf-8"));
        app.MapGet("/_local/connections", () => Results.Json(List()));
        app.MapGet("/_local/delivery", () => Results.Json(_counters.Delivery));
    }

    public IReadOnlyList<LocalConnectionJson> List()
    {
        var now = _timeProvider.GetUtcNow();
        return _registry.All
            .OrderBy(c => c.ConnectedAt)
            .Select(c => new LocalConnectionJson(
                c.ConnectionId,
                c.UserId,
                c.ConnectedAt,
                (long)(now - c.ConnectedAt).TotalSeconds,
                c.LastActiveAt,
                c.MessagesIn,
                c.MessagesOut,
                c.Identity.SourceIp))
            .ToList();
    }

    /// <summary>One of the page's stylesheets or modules; 404 for any other name.</summary>
    private static IResult PageAsset(string name) =>
        EmbeddedFiles.PageAssets.Value.TryGetValue(name, out var text)
            ? Results.Content(text, name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
            : Results.NotFound();
}
