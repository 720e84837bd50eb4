using Microsoft.Extensions.Logging;
using Notifier.Core.Configuration;

namespace Notifier.Local.Cli;

/// <summary>Dispatches the command line; every expected failure is a message and an exit code, never a stack trace.</summary>
internal sealed class LocalCli
{
    private readonly SettingsReader _settings;
    private readonly Func<string, string?> _environment;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public LocalCli(Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        _environment = environment;
        _settings = new SettingsReader(environment);
        _output = output;
        _error = error;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var commandLine = CommandLine.Parse(args);
        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddSimpleConsole(options => options.SingleLine = true)
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
        try
        {
            return commandLine.Command switch
            {
                null or "serve" => await new ServeCommand(_settings, _environment, _output).RunAsync(commandLine, cancellationToken).ConfigureAwait(false),
                "send" => await new SendCommand(_output).RunAsync(commandLine, cancellationToken).ConfigureAwait(false),
                "invoke" => await new InvokeCommand(_settings, loggerFactory, _output).RunAsync(commandLine, cancellationToken).ConfigureAwait(false),
                "token" => await new TokenCommand(_settings, _output).RunAsync(commandLine).ConfigureAwait(false),
                "help" or "--help" or "-h" => await WriteUsageAsync(_output, 0).ConfigureAwait(false),
                _ => throw new UsageException($"unknown command '{commandLine.Command}'"),
            };
        }
        catch (UsageException exception)
        {
            await _error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            return await WriteUsageAsync(_error, 2).ConfigureAwait(false);
        }
        catch (GatewayStartException exception)
        {
            await _error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (NotifierConfigurationException exception)
        {
            await _error.WriteLineAsync($"configuration error: {exception.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    private static async Task<int> WriteUsageAsync(TextWriter writer, int exitCode)
    {
        await writer.WriteLineAsync(Usage.Text).ConfigureAwait(false);
        return exitCode;
    }
}
