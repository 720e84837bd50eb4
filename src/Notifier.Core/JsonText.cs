using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Notifier.Core;

/// <summary>JSON texts the project writes: answers people read (reports, errors, presence) and small hand-shaped values.</summary>
public static class JsonText
{
    /// <summary>The one encoding for JSON people read (<see cref="ReadableJsonEncoder"/>): ids and text as written, HTML's characters escaped.</summary>
    internal static JsonWriterOptions ReadableOptions { get; } = new() { Encoder = ReadableJsonEncoder.Instance };

    /// <summary>Serializes <paramref name="value"/> as compact JSON a person can read, safe inside an HTML page.</summary>
    /// <remarks>E.g. a connection id <c>Pmi8pGxqe+ZrV3g=</c> is written as it is, not as <c>Pmi8pGxqe\u002BZrV3g=</c>.</remarks>
    public static string Readable<T>(T value, JsonTypeInfo<T> typeInfo) =>
        Write(writer => JsonSerializer.Serialize(writer, value, typeInfo), ReadableOptions);

    /// <summary>The compact JSON text <paramref name="write"/> writes (one value).</summary>
    internal static string Write(Action<Utf8JsonWriter> write, JsonWriterOptions options = default)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
