using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Notifier.Local.Gateway;

namespace Notifier.Local.Monitoring;

/// <summary>Once a second: samples the open connections into <see cref="MetricsHistory"/> and sends each second that ended to every open page as an <c>event: metrics</c>.</summary>
internal sealed class MetricsTicker : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly MetricsHistory _history;
    private readonly DashboardFeed _feed;
    private readonly ConnectionRegistry _registry;
    private readonly TimeProvider _timeProvider;

    public MetricsTicker(MetricsHistory history, DashboardFeed feed, ConnectionRegistry registry, TimeProvider timeProvider)
    {
        _history = history;
        _feed = feed;
        _registry = registry;
        _timeProvider = timeProvider;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Samples now and sends the points of the seconds that ended since the last tick.</summary>
    internal void Tick()
    {
        foreach (var point in _history.Sample(_registry.Count))
        {
            _feed.Broadcast(new SseItem<string>(JsonSerializer.Serialize(point, DashboardJsonContext.Readable.MetricsPoint), "metrics"));
        }
    }
}
