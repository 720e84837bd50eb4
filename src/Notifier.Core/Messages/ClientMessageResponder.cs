using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Notifier.Core.Messages;

/// <summary>Answers the messages a client sends on its socket (API Gateway's <c>$default</c> route).</summary>
/// <remarks>
/// Messages are JSON objects with an <c>action</c>: <c>ping</c> is answered <c>{"type":"pong"}</c>,
/// <c>whoami</c> with the caller's ids. Anything else, non-JSON included, gets an error frame
/// <c>{"type":"error","message":...}</c> rather than silence, so a client can tell what went wrong.
/// </remarks>
public sealed class ClientMessageResponder
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 32 };
    private static readonly JsonWriterOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds the reply frame for one client message.</summary>
    public string Respond(string? body, string connectionId, string userId)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Error("empty message: send a JSON object such as {\"action\":\"ping\"}");
        }

        string? action;
        try
        {
            using var document = JsonDocument.Parse(body, ParseOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Error("message must be a JSON object with an \"action\"");
            }

            action = document.RootElement.TryGetProperty("action", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return Error("message is not valid JSON");
        }

        return action switch
        {
            null => Error("message has no string \"action\""),
            "ping" => Frame(writer => writer.WriteString("type", "pong")),
            "whoami" => Frame(writer =>
            {
                writer.WriteString("type", "whoami");
                writer.WriteString("connectionId", connectionId);
                writer.WriteString("userId", userId);
            }),
            _ => Error($"unknown action \"{Truncate(action)}\"; known actions: ping, whoami"),
        };
    }

    /// <summary>An error frame, <c>{"type":"error","message":...}</c>.</summary>
    public static string Error(string message) => Frame(writer =>
    {
        writer.WriteString("type", "error");
        writer.WriteString("message", message);
    });

    private static string Frame(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriteOptions))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Truncate(string action) => action.Length <= 64 ? action : string.Concat(action.AsSpan(0, 64), "...");
}
