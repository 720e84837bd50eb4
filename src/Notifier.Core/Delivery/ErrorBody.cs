using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Notifier.Core.Delivery;

/// <summary>The JSON body of an HTTP error answer, <c>{"message":...}</c>, as AWS APIs write it.</summary>
public static class ErrorBody
{
    public static string For(string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
