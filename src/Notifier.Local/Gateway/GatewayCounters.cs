namespace Notifier.Local.Gateway;

/// <summary>What the gateway is doing right now, for tests and the dashboard: nothing here may grow without bound.</summary>
internal sealed class GatewayCounters
{
    private int _handshakesRunning;

    /// <summary>WebSocket requests being served: from the upgrade request until their <c>$disconnect</c> has run.</summary>
    public int HandshakesRunning => Volatile.Read(ref _handshakesRunning);

    public void HandshakeStarted() => Interlocked.Increment(ref _handshakesRunning);

    public void HandshakeEnded() => Interlocked.Decrement(ref _handshakesRunning);
}
