using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Notifier.Local.Gateway;

/// <summary>Closes connections as API Gateway does: after the idle timeout, at the maximum duration, and at shutdown (all with 1001).</summary>
internal sealed class ConnectionLifetimeMonitor : BackgroundService
{
    private readonly ConnectionRegistry _registry;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ConnectionLifetimeMonitor> _logger;

    public ConnectionLifetimeMonitor(
        ConnectionRegistry registry,
        GatewayOptions options,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<ConnectionLifetimeMonitor> logger)
    {
        // Stopping fires before the server stops accepting and aborting sockets: close them properly first.
        ArgumentNullException.ThrowIfNull(lifetime);
        lifetime.ApplicationStopping.Register(() => CloseAllAsync().GetAwaiter().GetResult());
        _registry = registry;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>How often limits are checked: often enough that short limits set by tests are honoured within a fraction of themselves.</summary>
    public TimeSpan SweepInterval =>
        TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(_options.IdleTimeout.TotalMilliseconds, _options.MaxConnectionDuration.TotalMilliseconds) / 10, 50, 1000));

    /// <summary>Closes every connection with 1001 and waits (a few seconds at most) for their <c>$disconnect</c>.</summary>
    private async Task CloseAllAsync()
    {
        await Task.WhenAll(_registry.All.Select(c => Close(c, "Going away", "server shutting down"))).ConfigureAwait(false);
        var deadline = _timeProvider.GetUtcNow() + TimeSpan.FromSeconds(5);
        while (_registry.Count > 0 && _timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _timeProvider, CancellationToken.None).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SweepAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private Task SweepAsync()
    {
        var now = _timeProvider.GetUtcNow();
        var closing = new List<Task>();
        foreach (var connection in _registry.All)
        {
            if (now - connection.ConnectedAt >= _options.MaxConnectionDuration)
            {
                closing.Add(Close(connection, "Going away", "maximum connection duration"));
            }
            else if (now - connection.LastActiveAt >= _options.IdleTimeout)
            {
                closing.Add(Close(connection, "Going away", "idle timeout"));
            }
        }

        return Task.WhenAll(closing);
    }

    private Task Close(LocalConnection connection, string reason, string why)
    {
        GatewayLog.Closing(_logger, connection.ConnectionId, why);
        return connection.CloseAsync(CloseRequest.GoingAway(reason), WebSocketSession.CloseAnswerTimeout);
    }
}
