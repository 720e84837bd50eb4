namespace Notifier.Local.Monitoring;

/// <summary>A connection's end, once its <c>$disconnect</c> has run: the close code and reason it was given.</summary>
internal sealed record DisconnectEvent(int Status, string? Reason) : FeedEvent
{
    public override string Kind => "disconnect";
}
