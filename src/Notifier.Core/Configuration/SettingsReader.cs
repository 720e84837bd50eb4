using System.Globalization;

namespace Notifier.Core.Configuration;

/// <summary>Reads settings as Lambda passes them: environment variables, with errors that name the variable.</summary>
public sealed class SettingsReader
{
    private readonly Func<string, string?> _getVariable;

    public SettingsReader(Func<string, string?> getVariable)
    {
        _getVariable = getVariable;
    }

    /// <summary>Reads the process environment.</summary>
    public static SettingsReader FromEnvironment() => new(Environment.GetEnvironmentVariable);

    /// <summary>A trimmed value, or null when unset or blank.</summary>
    public string? Optional(string name)
    {
        var value = _getVariable(name)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string Required(string name, string why) =>
        Optional(name) ?? throw new NotifierConfigurationException(name, $"is required ({why})");

    /// <summary>A comma-separated list; empty when unset.</summary>
    public IReadOnlyList<string> List(string name) =>
        Optional(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public int Integer(string name, int defaultValue, int min, int max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new NotifierConfigurationException(name, $"must be a whole number from {min} to {max}, not '{text}'");
        }

        return value;
    }

    public Uri? AbsoluteUri(string name)
    {
        var text = Optional(name);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new NotifierConfigurationException(name, $"must be an absolute http(s) URL, not '{text}'");
        }

        return uri;
    }
}
