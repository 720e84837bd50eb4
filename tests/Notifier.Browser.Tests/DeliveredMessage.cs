using System.Text.Json;

namespace Notifier.Browser.Tests;

/// <summary>One notification as the page's client delivered it: the message and its meta (<c>{ id, stream, seq }</c>).</summary>
internal sealed record DeliveredMessage(string? Id, string? Stream, long? Seq, JsonElement Message)
{
    public static DeliveredMessage Of(JsonElement message, JsonElement meta) => new(
        meta.TryGetProperty("id", out var id) ? id.GetString() : null,
        meta.TryGetProperty("stream", out var stream) ? stream.GetString() : null,
        meta.TryGetProperty("seq", out var seq) ? seq.GetInt64() : null,
        message);

    /// <summary>The message's <c>n</c>, the number the tests publish in every body.</summary>
    public int N => Message.GetProperty("n").GetInt32();
}
