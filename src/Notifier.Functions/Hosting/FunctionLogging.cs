using Microsoft.Extensions.Logging;
using Notifier.Core.Configuration;

namespace Notifier.Functions.Hosting;

/// <summary>Structured JSON log lines on stdout, which Lambda forwards to CloudWatch Logs.</summary>
/// <remarks>An unreadable <c>NOTIFIER_LOG_LEVEL</c> falls back to Information with a warning: logging must work before anything else can report a problem.</remarks>
internal static class FunctionLogging
{
    public const string LevelVariable = "NOTIFIER_LOG_LEVEL";

    public static ILoggerFactory CreateFactory(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var levelText = settings.Optional(LevelVariable);
        var readable = Enum.TryParse<LogLevel>(levelText ?? nameof(LogLevel.Information), ignoreCase: true, out var level);
        level = readable ? level : LogLevel.Information;
        var factory = new LoggerFactory(
            [new JsonLinesLoggerProvider(Console.OpenStandardOutput())],
            new LoggerFilterOptions { MinLevel = level });
        if (!readable)
        {
            factory.CreateLogger(typeof(FunctionLogging).FullName!).LogWarning(
                "{Setting} is not a log level (Trace, Debug, Information, Warning, Error); using Information", LevelVariable);
        }

        return factory;
    }
}
