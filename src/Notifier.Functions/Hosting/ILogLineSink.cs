using Microsoft.Extensions.Logging;

namespace Notifier.Functions.Hosting;

/// <summary>Where a <see cref="LineLogger"/> puts each formatted entry: one line of output.</summary>
internal interface ILogLineSink
{
    void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, string message);
}
