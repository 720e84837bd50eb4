using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Notifier.Core.Configuration;
using Notifier.Functions.Hosting;
using Notifier.Functions.Runtime;

namespace Notifier.Local.Cli;

/// <summary><c>invoke &lt;function&gt; --event FILE</c>: runs one handler exactly as Lambda would, without AWS.</summary>
/// <remarks>
/// With <c>--remaining-ms N</c> the invocation's deadline is N ms away and its token fires
/// <see cref="InvocationDeadline.SafetyMargin"/> before it, as in the Lambda runtime loop; a function that
/// throws at its token is reported as Lambda reports it, <c>Runtime.Timeout</c>.
/// </remarks>
internal sealed class InvokeCommand
{
    private readonly SettingsReader _settings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TextWriter _output;
    private readonly TimeProvider _timeProvider;

    public InvokeCommand(SettingsReader settings, ILoggerFactory loggerFactory, TextWriter output, TimeProvider? timeProvider = null)
    {
        _settings = settings;
        _loggerFactory = loggerFactory;
        _output = output;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task<int> RunAsync(CommandLine commandLine, CancellationToken cancellationToken)
    {
        var functionName = commandLine.Positional.Count == 1
            ? commandLine.Positional[0]
            : throw new UsageException($"invoke needs one function name: {string.Join(", ", FunctionCatalog.Names)}");
        var eventPath = commandLine.Option("event") is { Length: > 0 } path ? path : throw new UsageException("invoke needs --event FILE");
        if (!File.Exists(eventPath))
        {
            throw new UsageException($"event file not found: {eventPath}");
        }

        var deadlineUtc = commandLine.Option("remaining-ms") is { } remaining
            ? _timeProvider.GetUtcNow() + ReadRemaining(remaining)
            : DateTimeOffset.MaxValue;
        var payload = await File.ReadAllBytesAsync(eventPath, cancellationToken).ConfigureAwait(false);
        if (commandLine.Option("token") is { Length: > 0 } token)
        {
            payload = WithToken(payload, token);
        }

        var function = new FunctionCatalog(_settings, _loggerFactory, _timeProvider).Create(functionName);
        FunctionResult result;
        using (var deadline = new CancellationTokenSource(InvocationDeadline.UntilToken(deadlineUtc, _timeProvider), _timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                result = await function.InvokeAsync(payload, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                result = FunctionResult.Failure(LambdaBootstrap.TimeoutErrorType, "The function stopped at its deadline without answering.");
            }
        }

        if (result.IsSuccess)
        {
            await _output.WriteLineAsync(Encoding.UTF8.GetString(result.Response!)).ConfigureAwait(false);
            return 0;
        }

        var error = new JsonObject { ["errorType"] = result.ErrorType, ["errorMessage"] = result.ErrorMessage };
        await _output.WriteLineAsync(error.ToJsonString()).ConfigureAwait(false);
        return 1;
    }

    private static TimeSpan ReadRemaining(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? TimeSpan.FromMilliseconds(milliseconds)
            : throw new UsageException($"--remaining-ms '{text}' is not a number of milliseconds");

    private static byte[] WithToken(byte[] payload, string token)
    {
        JsonObject apiGatewayEvent;
        try
        {
            apiGatewayEvent = JsonNode.Parse(payload)?.AsObject() ?? throw new UsageException("--token needs an event that is a JSON object");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new UsageException("--token needs an event that is a JSON object");
        }

        apiGatewayEvent["queryStringParameters"] = Merge(apiGatewayEvent["queryStringParameters"], token);
        apiGatewayEvent["multiValueQueryStringParameters"] = Merge(apiGatewayEvent["multiValueQueryStringParameters"], new JsonArray(token));
        return Encoding.UTF8.GetBytes(apiGatewayEvent.ToJsonString());
    }

    private static JsonObject Merge(JsonNode? parameters, JsonNode tokenValue)
    {
        var merged = parameters as JsonObject ?? [];
        merged["token"] = tokenValue;
        return merged;
    }
}
