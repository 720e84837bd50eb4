using System.Text.Json;

namespace Notifier.Core.Delivery;

/// <summary>The JSON body of an HTTP error answer, <c>{"message":...}</c>, as AWS APIs write it (<see cref="JsonText.Readable"/>'s encoding).</summary>
public static class ErrorBody
{
    /// <summary>The 503 answer of the publish and presence APIs when the connection store fails: the caller may retry.</summary>
    public static string StoreUnavailable { get; } = For("the connection store is unavailable; try again");

    public static string For(string message) => JsonText.Write(
        writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteEndObject();
        },
        JsonText.ReadableOptions);
}
