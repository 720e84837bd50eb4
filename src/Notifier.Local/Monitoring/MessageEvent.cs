namespace Notifier.Local.Monitoring;

/// <summary>A client's message, the route it went to, and what the client was sent back.</summary>
/// <param name="Route">The route key (<c>$default</c>).</param>
/// <param name="Action">The message's <c>action</c> when it is a JSON object that has one.</param>
/// <param name="Body">The message's text, cut to <see cref="MaxTextLength"/> characters.</param>
/// <param name="Reply">The frame sent back, cut alike; null when none was.</param>
/// <param name="Status">The route's status code.</param>
internal sealed record MessageEvent(string Route, string? Action, string Body, string? Reply, int Status) : FeedEvent
{
    public const int MaxTextLength = 2_000;

    public override string Kind => "message";

    /// <summary><paramref name="text"/> cut to <see cref="MaxTextLength"/> characters.</summary>
    public static string Cut(string text) => text.Length > MaxTextLength ? text[..MaxTextLength] : text;
}
