using Microsoft.Extensions.Logging;

namespace Notifier.Testing.Logging;

/// <summary>One entry a <see cref="RecordingLogger{T}"/> kept.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);
