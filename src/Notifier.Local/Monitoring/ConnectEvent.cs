namespace Notifier.Local.Monitoring;

/// <summary>The <c>$connect</c> route's answer: its status code, and its body as the reason when it refused.</summary>
internal sealed record ConnectEvent(int Status, string? Reason) : FeedEvent
{
    public override string Kind => "connect";
}
