using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Notifier.Functions.Hosting;

namespace Notifier.Local.Gateway;

/// <summary>The gateway's console lines, in the simple console logger's single-line form, written in batches.</summary>
/// <remarks>
/// The console logger wakes its writer thread and writes once for every line, and the gateway logs a line for every
/// connect and every disconnect: a large share of its CPU per connection (docs/performance.md). Here a line waits at
/// most <c>flushInterval</c>, and an Error or Critical line is written at once with everything before it.
/// Lines are written in the order they were logged. Once the output fails (a closed pipe), lines are dropped: logging
/// never throws into the code that logs, nor into the timer.
/// </remarks>
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ILogLineSink
{
    private readonly TextWriter _output;
    private readonly StringBuilder _pending = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private volatile bool _disposed;
    private bool _broken;

    public BatchedConsoleLoggerProvider(TextWriter output, TimeSpan flushInterval, TimeProvider? timeProvider = null)
    {
        _output = output;
        _timer = (timeProvider ?? TimeProvider.System).CreateTimer(_ => Flush(), null, flushInterval, flushInterval);
    }

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    /// <summary>Writes every pending line now.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_pending.Length == 0 || _broken)
            {
                _pending.Clear();
                return;
            }

            try
            {
                _output.Write(_pending);
                _output.Flush();
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                _broken = true;
            }

            _pending.Clear();
        }
    }

    /// <summary>Writes what is pending; a line logged afterwards (late in a shutdown) is written at once.</summary>
    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
        Flush();
    }

    public void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, string message)
    {
        lock (_gate)
        {
            _pending.Append(LevelText(level)).Append(": ").Append(category).Append('[')
                .Append(eventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ").Append(message).Append('\n');
            if (exception is not null)
            {
                _pending.Append(exception).Append('\n');
            }
        }

        if (level >= LogLevel.Error || _disposed)
        {
            Flush();
        }
    }

    private static string LevelText(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
