using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Notifier.Core.Connections;
using Notifier.Core.History;
using Notifier.Core.Topics;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Gateway;

/// <summary>
/// The developer's window on the gateway: <c>GET /</c> (a page), <c>GET /_local/page/{name}</c> (its stylesheet and modules),
/// <c>GET /_local/notifier-client.js</c> (the browser client the page connects with), <c>GET /_local/connections</c> (the open
/// connections as JSON), <c>GET /_local/delivery</c> (the delivery counters, <see cref="DeliveryTotals"/>), <c>GET /_local/events</c>
/// (the live feed, Server-Sent Events), <c>GET /_local/metrics</c> (the charts' last 15 minutes), <c>GET /_local/publishes/{id}</c>
/// (one recent publish in detail), <c>GET /_local/topics</c> and <c>GET /_local/streams</c>.
/// </summary>
/// <remarks>
/// The delivery counters and the charts are open as the page is: sums only, nothing about a user or a connection. The other
/// endpoints name users and are guarded (<see cref="BackendGuard"/>). Nothing any of them answers holds a token or a query string.
/// </remarks>
internal sealed class Dashboard
{
    private readonly ConnectionRegistry _registry;
    private readonly GatewayCounters _counters;
    private readonly TimeProvider _timeProvider;
    private readonly DashboardFeed _feed;
    private readonly MetricsHistory _metrics;
    private readonly RecentPublishes _publishes;
    private readonly IConnectionStore _store;
    private readonly IStreamListing _streams;
    private readonly HistoryOptions _historyOptions;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly string _page;

    public Dashboard(
        ConnectionRegistry registry,
        GatewayCounters counters,
        TimeProvider timeProvider,
        GatewayOptions options,
        DashboardFeed feed,
        MetricsHistory metrics,
        RecentPublishes publishes,
        IConnectionStore store,
        IStreamListing streams,
        HistoryOptions historyOptions,
        IHostApplicationLifetime lifetime)
    {
        _registry = registry;
        _counters = counters;
        _timeProvider = timeProvider;
        _feed = feed;
        _metrics = metrics;
        _publishes = publishes;
        _store = store;
        _streams = streams;
        _historyOptions = historyOptions;
        _lifetime = lifetime;
        _page = EmbeddedFiles.DashboardPage.Value.Replace("{{stage}}", WebUtility.HtmlEncode(options.Stage), StringComparison.Ordinal);
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Content(_page, "text/html; charset=utf-8"));
        app.MapGet("/_local/page/{name}", (string name) => PageAsset(name));
        app.MapGet("/_local/notifier-client.js", () => Results.Content(EmbeddedFiles.BrowserClient.Value, "text/javascript; charset=utf-8"));
        app.MapGet("/_local/connections", async (CancellationToken cancellationToken) =>
            Results.Json(await ListAsync(cancellationToken).ConfigureAwait(false), DashboardJsonContext.Readable.IReadOnlyListLocalConnectionJson));
        app.MapGet("/_local/delivery", () => Results.Json(_counters.Delivery));
        // The stream ends when the page goes away or the gateway stops, so that an open page never holds up a shutdown.
        app.MapGet("/_local/events", () => TypedResults.ServerSentEvents(_feed.StreamAsync(_lifetime.ApplicationStopping)));
        app.MapGet("/_local/metrics", () =>
            Results.Json(new MetricsAnswer(1, _metrics.Points(_registry.Count)), DashboardJsonContext.Readable.MetricsAnswer));
        app.MapGet("/_local/publishes/{publishId}", (string publishId) => _publishes.Find(publishId) is { } record
            ? Results.Json(record.Details(), DashboardJsonContext.Readable.PublishDetails)
            : Results.Json(new DashboardError("no recent publish has this id; the last 100 are kept"), DashboardJsonContext.Readable.DashboardError, statusCode: 404));
        app.MapGet("/_local/topics", async (CancellationToken cancellationToken) =>
            Results.Json(await TopicsAsync(cancellationToken).ConfigureAwait(false), DashboardJsonContext.Readable.IReadOnlyListTopicMembersJson));
        app.MapGet("/_local/streams", async (CancellationToken cancellationToken) =>
            Results.Json(await StreamsAsync(cancellationToken).ConfigureAwait(false), DashboardJsonContext.Readable.StreamsAnswer));
    }

    /// <summary>The open connections, oldest first, each with the topics the store holds for it.</summary>
    public async Task<IReadOnlyList<LocalConnectionJson>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        var list = new List<LocalConnectionJson>();
        foreach (var c in _registry.All.OrderBy(c => c.ConnectedAt).ToList())
        {
            list.Add(new LocalConnectionJson(
                c.ConnectionId,
                c.UserId,
                c.ConnectedAt,
                (long)(now - c.ConnectedAt).TotalSeconds,
                c.LastActiveAt,
                c.MessagesIn,
                c.MessagesOut,
                c.Identity.SourceIp,
                string.IsNullOrEmpty(c.Socket.SubProtocol) ? null : c.Socket.SubProtocol,
                await SubscriptionsAsync(c.ConnectionId, cancellationToken).ConfigureAwait(false)));
        }

        return list;
    }

    /// <summary>Every topic an open connection is subscribed to, with how many are, ordered by topic.</summary>
    public async Task<IReadOnlyList<TopicMembersJson>> TopicsAsync(CancellationToken cancellationToken = default)
    {
        var members = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var connection in _registry.All.ToList())
        {
            foreach (var topic in await SubscriptionsAsync(connection.ConnectionId, cancellationToken).ConfigureAwait(false))
            {
                members[topic] = members.GetValueOrDefault(topic) + 1;
            }
        }

        return [.. members.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => new TopicMembersJson(entry.Key, entry.Value))];
    }

    /// <summary>The history's streams; an empty list marked <c>listing: false</c> when they cannot be read now (a messages table that is down).</summary>
    public async Task<StreamsAnswer> StreamsAsync(CancellationToken cancellationToken = default)
    {
        var retention = (long)_historyOptions.Retention.TotalSeconds;
        try
        {
            return new StreamsAnswer(retention, true, await _streams.ListStreamsAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The page shows what it can: a table that is down must not fail the whole view.
            return new StreamsAnswer(retention, false, []);
        }
    }

    /// <summary>The connection's topics, in order; none when the store keeps no topics or cannot be read now.</summary>
    private async Task<IReadOnlyList<string>> SubscriptionsAsync(string connectionId, CancellationToken cancellationToken)
    {
        if (_store is not ITopicStore topics)
        {
            return [];
        }

        try
        {
            var list = await topics.ListTopicsAsync(connectionId, cancellationToken).ConfigureAwait(false);
            return [.. list.Order(StringComparer.Ordinal)];
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The page shows what it can: a store that is down must not take the list of sockets with it.
            return [];
        }
    }

    /// <summary>One of the page's stylesheets or modules; 404 for any other name.</summary>
    private static IResult PageAsset(string name) =>
        EmbeddedFiles.PageAssets.Value.TryGetValue(name, out var text)
            ? Results.Content(text, name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
            : Results.NotFound();
}
