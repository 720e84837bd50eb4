using Notifier.Core.Delivery;

namespace Notifier.Local.Gateway;

/// <summary>What the gateway is doing right now, for tests and the dashboard: nothing here may grow without bound.</summary>
internal sealed class GatewayCounters
{
    private int _handshakesRunning;
    private long _sends;
    private long _recipients;
    private long _delivered;
    private long _gone;
    private long _throttled;
    private long _failed;
    private long _shardsQueued;

    /// <summary>WebSocket requests being served: from the upgrade request until their <c>$disconnect</c> has run.</summary>
    public int HandshakesRunning => Volatile.Read(ref _handshakesRunning);

    /// <summary>The sums of every delivery recorded since the gateway started (the same counts the functions write as CloudWatch metrics).</summary>
    /// <remarks>Each counter is read on its own, so a snapshot taken while a record is being added may hold part of it.</remarks>
    public DeliveryTotals Delivery => new(
        Volatile.Read(ref _sends),
        Volatile.Read(ref _recipients),
        Volatile.Read(ref _delivered),
        Volatile.Read(ref _gone),
        Volatile.Read(ref _throttled),
        Volatile.Read(ref _failed),
        Volatile.Read(ref _shardsQueued));

    public void HandshakeStarted() => Interlocked.Increment(ref _handshakesRunning);

    public void HandshakeEnded() => Interlocked.Decrement(ref _handshakesRunning);

    public void AddDelivery(DeliveryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Interlocked.Increment(ref _sends);
        Interlocked.Add(ref _recipients, metrics.Recipients);
        Interlocked.Add(ref _delivered, metrics.Delivered);
        Interlocked.Add(ref _gone, metrics.Gone);
        Interlocked.Add(ref _throttled, metrics.Throttled);
        Interlocked.Add(ref _failed, metrics.Failed);
        Interlocked.Add(ref _shardsQueued, metrics.ShardsQueued);
    }
}
