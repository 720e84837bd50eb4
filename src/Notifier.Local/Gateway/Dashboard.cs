using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Notifier.Local.Gateway;

/// <summary>The developer's window on the gateway: <c>GET /</c> (a page) and <c>GET /_local/connections</c> (the same list as JSON).</summary>
internal sealed class Dashboard
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(Dashboard).Assembly.GetManifestResourceStream("Notifier.Local.Gateway.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private readonly ConnectionRegistry _registry;
    private readonly TimeProvider _timeProvider;

    public Dashboard(ConnectionRegistry registry, TimeProvider timeProvider)
    {
        _registry = registry;
        _timeProvider = timeProvider;
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Content(Page.Value, "text/html; charset=utf-8"));
        app.MapGet("/_local/connections", () => Results.Json(List()));
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
}
