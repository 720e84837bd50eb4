using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Notifier.Core.Delivery;

/// <summary>A notification as it goes on the wire: one JSON value as compact UTF-8 text.</summary>
/// <remarks>
/// Whitespace between tokens is removed and nothing else changes: strings, numbers and escapes reach
/// the socket exactly as given (a JSON writer would re-escape strings, so the text is copied token by
/// token). Messages over API Gateway's 128 KB payload limit are refused here, before any connection is
/// looked up or posted to.
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

        try
        {
            using var document = JsonDocument.Parse(json, ParseOptions);
            return TryCreate(document.RootElement, out message, out error);
        }
        catch (JsonException exception)
        {
            error = $"message is not valid JSON ({exception.Message})";
            return false;
        }
    }

    /// <summary>Reads a JSON value, throwing <see cref="ArgumentException"/> with the reason when it cannot be sent.</summary>
    public static NotificationMessage Parse(string json) =>
        TryParse(json, out var message, out var error) ? message! : throw new ArgumentException(error, nameof(json));

    /// <summary>The message for a parsed value; false with the reason when its compact text is over <see cref="MaximumBytes"/>.</summary>
    internal static bool TryCreate(JsonElement value, out NotificationMessage? message, out string? error)
    {
        var compact = Compact(JsonMarshal.GetRawUtf8Value(value));
        if (compact.Length > MaximumBytes)
        {
            message = null;
            error = $"message is {compact.Length} bytes; API Gateway accepts at most {MaximumBytes} (128 KB)";
            return false;
        }

        message = new NotificationMessage(compact);
        error = null;
        return true;
    }

    /// <summary>Valid JSON without the whitespace between tokens, every token byte for byte as it was.</summary>
    private static byte[] Compact(ReadOnlySpan<byte> json)
    {
        var output = new byte[json.Length];
        var length = 0;
        var inString = false;
        var escaped = false;
        foreach (var b in json)
        {
            if (inString)
            {
                output[length++] = b;
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                output[length++] = b;
                inString = b == (byte)'"';
            }
        }

        return length == output.Length ? output : output[..length];
    }
}
