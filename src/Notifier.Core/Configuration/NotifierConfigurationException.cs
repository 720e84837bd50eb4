namespace Notifier.Core.Configuration;

/// <summary>A setting is missing or invalid; thrown at start-up so a cold start fails with a clear message.</summary>
public sealed class NotifierConfigurationException : Exception
{
    public NotifierConfigurationException(string settingName, string problem)
        : base($"{settingName}: {problem}")
    {
        SettingName = settingName;
    }

    public NotifierConfigurationException()
        : this("(unknown setting)", "invalid configuration")
    {
    }

    public NotifierConfigurationException(string message)
        : this("(unknown setting)", message)
    {
    }

    public NotifierConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        SettingName = "(unknown setting)";
    }

    /// <summary>The environment variable (or option) that needs attention.</summary>
    public string SettingName { get; } = "(unknown setting)";
}
