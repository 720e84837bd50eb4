using Notifier.Core.Configuration;

namespace Notifier.Core.History;

/// <summary>How long streams keep their messages.</summary>
public sealed class HistoryOptions
{
    /// <summary>The setting that sets <see cref="Retention"/>, in seconds.</summary>
    public const string RetentionVariable = "NOTIFIER_HISTORY_SECONDS";

    /// <summary>How long a message stays stored; zero stores nothing (numbers are still given, and a resume is never complete).</summary>
    /// <remarks>Default one hour.</remarks>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Reads <see cref="RetentionVariable"/>: 0 to 31 days in seconds, default 3600.</summary>
    /// <exception cref="NotifierConfigurationException">The value is not a whole number in range.</exception>
    public static HistoryOptions FromSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new HistoryOptions { Retention = TimeSpan.FromSeconds(settings.Integer(RetentionVariable, 3600, min: 0, max: 31 * 24 * 3600)) };
    }
}
