using System.Text;
using System.Text.Json;

namespace Notifier.Core.Delivery;

/// <summary>A notification as it goes on the wire: one JSON value as compact UTF-8 text.</summary>
/// <remarks>
/// Whitespace between tokens is removed and nothing else changes: strings, numbers and escapes reach
/// the socket exactly as given. Messages over API Gateway's 128 KB payload limit are refused here,
/// before any connection is looked up or posted to.
/// </remarks>
public sealed class NotificationMessage
{
    /// <summary>API Gateway's WebSocket payload limit: 128 KB.</summary>
    public const int MaximumBytes = 128 * 1024;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    private NotificationMessage(byte[] utf8)
    {
        Utf8 = utf8;
    }

    /// <summary>The compact JSON text, UTF-8 encoded.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    public int Length => Utf8.Length;

    public override string ToString() => Encoding.UTF8.GetString(Utf8.Span);

    /// <summary>Reads a JSON value; false with a reason when it is not JSON or is too large.</summary>
    public static bool TryParse(string? json, out NotificationMessage? message, out string? error)
    {
        message = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "message is empty: give a JSON value";
            return false;
        }

        return TryParse(Encoding.UTF8.GetBytes(json), out message, out error);
    }

    /// <summary>Reads a JSON value given as UTF-8; false with a reason when it is not JSON or is too large.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out NotificationMessage? message, out string? error) =>
        TryParse(utf8Json, out message, out error, out _);

    /// <summary>Reads a JSON value; <paramref name="tooLarge"/> tells a size refusal (413) from a malformed one (400).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out NotificationMessage? message, out string? error, out bool tooLarge)
    {
        message = null;
        tooLarge = false;
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray(), ParseOptions);
        }
        catch (JsonException exception)
        {
            error = $"message is not valid JSON ({exception.Message})";
            return false;
        }

        var compact = JsonCompactor.Compact(utf8Json);
        if (compact.Length > MaximumBytes)
        {
            error = $"message is {compact.Length} bytes; API Gateway accepts at most {MaximumBytes} (128 KB)";
            tooLarge = true;
            return false;
        }

        message = new NotificationMessage(compact);
        error = null;
        return true;
    }

    /// <summary>Reads a JSON value, throwing <see cref="ArgumentException"/> with the reason when it cannot be sent.</summary>
    public static NotificationMessage Parse(string json) =>
        TryParse(json, out var message, out var error) ? message! : throw new ArgumentException(error, nameof(json));

    /// <summary>Serialises <paramref name="element"/> as a message.</summary>
    public static NotificationMessage FromJson(JsonElement element) => Parse(element.GetRawText());
}
