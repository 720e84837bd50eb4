using System.Text.Json.Serialization;

namespace Notifier.Local.Monitoring;

/// <summary>One line of the dashboard's live feed (<c>GET /_local/events</c>): what happened, when, and to whom.</summary>
/// <remarks>
/// Events carry ids, statuses and reasons only: never a token, a query string, a header or a claim other than the user id.
/// <see cref="Id"/> and <see cref="Time"/> are set by <see cref="DashboardFeed.Publish"/>.
/// </remarks>
internal abstract record FeedEvent
{
    [JsonPropertyOrder(-5)]
    public long Id { get; init; }

    /// <summary>ISO 8601, UTC, with milliseconds.</summary>
    [JsonPropertyOrder(-4)]
    public string Time { get; init; } = string.Empty;

    /// <summary>The SSE event name and the page's filter: <c>handshake</c>, <c>connect</c>, <c>disconnect</c>, <c>message</c>, <c>publish</c>, <c>shard</c>, <c>management</c>.</summary>
    [JsonPropertyOrder(-3)]
    public abstract string Kind { get; }

    [JsonPropertyOrder(-2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConnectionId { get; init; }

    [JsonPropertyOrder(-1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserId { get; init; }

    [JsonPropertyOrder(-1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Topic { get; init; }
}
