using System.Text.Json;
using Notifier.Core.Delivery;

namespace Notifier.Publisher;

/// <summary>Turns what callers hand in into a <see cref="NotificationMessage"/>, or an <see cref="ArgumentException"/> with the reason.</summary>
internal static class PublisherMessages
{
    public static NotificationMessage FromString(string json, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(json, parameterName);
        return NotificationMessage.TryParse(json, out var message, out var error)
            ? message!
            : throw new ArgumentException(error, parameterName);
    }

    public static NotificationMessage FromElement(JsonElement element, string parameterName)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("message is an undefined JsonElement: give a JSON value", parameterName);
        }

        return FromString(element.GetRawText(), parameterName);
    }
}
