using System.Buffers;
using System.Text.Json;

namespace Notifier.Core.Delivery;

/// <summary>What a <c>notifier.v1</c> connection receives: <c>{"type":"notification","id":...,"stream":...,"seq":...,"message":...}</c>.</summary>
/// <remarks>A send with no stream (to one connection, or a broadcast) writes no <c>stream</c> or <c>seq</c>. The message goes in byte for byte as published.</remarks>
public static class NotificationEnvelope
{
    /// <summary>The subprotocol with which a connection asks for envelopes (and may resume).</summary>
    public const string Protocol = "notifier.v1";

    /// <summary>The envelope's UTF-8 JSON text.</summary>
    public static byte[] Write(string id, string? stream, long seq, ReadOnlyMemory<byte> message)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var buffer = new ArrayBufferWriter<byte>(message.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer, JsonText.ReadableOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "notification");
            writer.WriteString("id", id);
            if (stream is not null)
            {
                writer.WriteString("stream", stream);
                writer.WriteNumber("seq", seq);
            }

            writer.WritePropertyName("message");
            writer.WriteRawValue(message.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
