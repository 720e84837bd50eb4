using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Notifier.Core;

/// <summary>Small JSON texts written by hand with <see cref="Utf8JsonWriter"/>: error bodies, client frames, context values.</summary>
internal static class JsonText
{
    /// <summary>The compact JSON text <paramref name="write"/> writes (one value).</summary>
    public static string Write(Action<Utf8JsonWriter> write, JsonWriterOptions options = default)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
