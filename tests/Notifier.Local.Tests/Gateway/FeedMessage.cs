using System.Text.Json;

namespace Notifier.Local.Tests.Gateway;

/// <summary>One Server-Sent Events message: its <c>event</c>, <c>id</c> and <c>data</c> lines.</summary>
internal sealed record FeedMessage(string Event, string? Id, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();

    public long EventId => long.Parse(Id!, System.Globalization.CultureInfo.InvariantCulture);
}
