using System.Globalization;
using Notifier.Auth.Tokens;
using Notifier.Core.Configuration;

namespace Notifier.Local.Cli;

/// <summary><c>token --user ID [--topic T ...]</c>: prints a token the local authorizer accepts.</summary>
internal sealed class TokenCommand
{
    private readonly SettingsReader _settings;
    private readonly TextWriter _output;

    public TokenCommand(SettingsReader settings, TextWriter output)
    {
        _settings = settings;
        _output = output;
    }

    public async Task<int> RunAsync(CommandLine commandLine)
    {
        var user = commandLine.Option("user") is { Length: > 0 } id ? id : throw new UsageException("token needs --user ID");
        var lifetime = ParseDuration(commandLine.Option("ttl") ?? "1h");
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var claim in commandLine.Options("claim"))
        {
            var equals = claim.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--claim takes name=value, not '{claim}'");
            }

            claims[claim[..equals]] = claim[(equals + 1)..];
        }

        var options = JwtOptions.FromSettings(_settings);
        if (!options.UsesSymmetricKey)
        {
            throw new NotifierConfigurationException(JwtOptions.SecretVariable, "is required to sign local tokens");
        }

        if (commandLine.Options("topic") is { Count: > 0 } topics)
        {
            claims[options.TopicsClaim] = topics.ToArray();
        }

        await _output.WriteLineAsync(new DevTokenIssuer(options).Issue(user, lifetime, claims)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Reads <c>90s</c>, <c>15m</c>, <c>1h</c> or <c>7d</c>.</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        if (text.Length >= 2
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount > 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'd': return TimeSpan.FromDays(amount);
            }
        }

        throw new UsageException($"'{text}' is not a duration; write e.g. 90s, 15m, 1h or 7d");
    }
}
