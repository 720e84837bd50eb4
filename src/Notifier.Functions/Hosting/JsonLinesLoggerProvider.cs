using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Notifier.Functions.Hosting;

/// <summary>Writes each log entry as one JSON object on its own line, which CloudWatch Logs reads as structured.</summary>
/// <remarks>
/// A few lines of <see cref="Utf8JsonWriter"/> instead of the console logger: building the console
/// logger's options and background queue cost 10 to 15 ms of every cold start. Lines keep the console
/// JSON formatter's property names (<c>Timestamp</c>, <c>EventId</c>, <c>LogLevel</c>, <c>Category</c>,
/// <c>Message</c>, <c>Exception</c>, <c>State</c>). Writes are serialised, so lines never interleave;
/// other JSON lines on the same output (the metrics documents) go through <see cref="WriteLine"/> for that reason.
/// </remarks>
internal sealed class JsonLinesLoggerProvider : ILoggerProvider, ILogLineSink, IJsonLineWriter
{
    private readonly Stream _output;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();

    public JsonLinesLoggerProvider(Stream output, TimeProvider? timeProvider = null)
    {
        _output = output;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    public void Dispose() => _output.Flush();

    public void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Timestamp", _timeProvider.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WriteNumber("EventId", eventId.Id);
            writer.WriteString("LogLevel", level.ToString());
            writer.WriteString("Category", category);
            writer.WriteString("Message", message);
            if (exception is not null)
            {
                writer.WriteString("Exception", exception.ToString());
            }

            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                writer.WriteStartObject("State");
                foreach (var (key, value) in values)
                {
                    writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        WriteLine(buffer.WrittenSpan);
    }

    public void WriteLine(ReadOnlySpan<byte> utf8Json)
    {
        lock (_gate)
        {
            _output.Write(utf8Json);
            _output.WriteByte((byte)'\n');
            _output.Flush();
        }
    }
}
