namespace Notifier.Local.Gateway;

/// <summary>A WebSocket close status and reason, as sent in the close frame and reported to <c>$disconnect</c>.</summary>
internal sealed record CloseRequest(int Status, string Reason)
{
    public static CloseRequest GoingAway(string reason) => new(1001, reason);
}
