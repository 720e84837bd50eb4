using Microsoft.Extensions.Logging;
using Notifier.Core.Configuration;

namespace Notifier.Functions.Hosting;

/// <summary>Structured JSON log lines on stdout, which Lambda forwards to CloudWatch Logs.</summary>
/// <remarks>An unreadable <c>NOTIFIER_LOG_LEVEL</c> falls back to Information with a warning: logging must work before anything else can report a problem.</remarks>
internal static class FunctionLogging
{
    public const string LevelVariable = "NOTIFIER_LOG_LEVEL";

    /// <summary>A logger factory writing through <paramref name="lines"/> (by default a new writer on stdout).</summary>
    /// <remarks>Pass the writer that other JSON lines (the metrics) share, so that its lock keeps every line whole.</remarks>
    public static ILoggerFactory CreateFactory(SettingsReader settings, JsonLinesLoggerProvider? lines = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var levelText = settings.Optional(LevelVariable);
        var readable = Enum.TryParse<LogLevel>(levelText ?? nameof(LogLevel.Information), ignoreCase: true, out var level);
        level = readable ? level : LogLevel.Information;
        var factory = new LoggerFactory(
            [lines ?? new JsonLinesLoggerProvider(Console.OpenStandardOutput())],
            new LoggerFilterOptions { MinLevel = level });
        if (!readable)
        {
            factory.CreateLogger(typeof(FunctionLogging).FullName!).LogWarning(
                "{Setting} is not a log level (Trace, Debug, Information, Warning, Error); using Information", LevelVariable);
        }

        return factory;
    }
}
