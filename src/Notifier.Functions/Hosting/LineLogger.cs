using Microsoft.Extensions.Logging;

namespace Notifier.Functions.Hosting;

/// <summary>A logger that formats each entry and hands it to its sink; no scopes (nothing here writes them).</summary>
internal sealed class LineLogger(ILogLineSink sink, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            sink.Write(category, logLevel, eventId, state, exception, formatter(state, exception));
        }
    }
}
