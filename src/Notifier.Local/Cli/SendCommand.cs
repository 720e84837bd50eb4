using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Notifier.Local.Cli;

/// <summary><c>send (--user ID | --connection ID | --topic T [--exclude-connection ID]) --message JSON [--json]</c>: publishes through a running gateway's publish API and prints what happened.</summary>
/// <remarks>A readable summary by default (<see cref="SendSummary"/>); <c>--json</c> prints the publish API's answer as it came, for scripts.</remarks>
internal sealed class SendCommand
{
    private readonly TextWriter _output;
    private readonly HttpMessageHandler? _handler;
    private readonly TimeProvider _timeProvider;

    public SendCommand(TextWriter output, HttpMessageHandler? handler = null, TimeProvider? timeProvider = null)
    {
        _output = output;
        _handler = handler;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task<int> RunAsync(CommandLine commandLine, CancellationToken cancellationToken)
    {
        var messageText = commandLine.Option("message") ?? throw new UsageException("send needs --message JSON");
        JsonNode? message;
        try
        {
            message = JsonNode.Parse(messageText);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new UsageException("--message is not valid JSON");
        }

        var request = new JsonObject { ["message"] = message };
        if (commandLine.Option("user") is { Length: > 0 } user)
        {
            request["userId"] = user;
        }
        else if (commandLine.Option("connection") is { Length: > 0 } connection)
        {
            request["connectionId"] = connection;
        }
        else if (commandLine.Option("topic") is { Length: > 0 } topic)
        {
            request["topic"] = topic;
        }
        else
        {
            throw new UsageException("send needs --user ID, --connection ID or --topic T");
        }

        if (commandLine.Option("exclude-connection") is { Length: > 0 } excluded)
        {
            request["excludeConnectionId"] = request.ContainsKey("topic")
                ? excluded
                : throw new UsageException("--exclude-connection goes with --topic");
        }

        var gateway = (commandLine.Option("url") ?? "http://127.0.0.1:8080").TrimEnd('/');
        var url = new Uri(gateway + "/notifications");
        using var client = _handler is null ? new HttpClient() : new HttpClient(_handler, disposeHandler: false);
        client.Timeout = TimeSpan.FromSeconds(30);
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var started = _timeProvider.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new UsageException($"no gateway answered at {url} ({exception.Message}); start one with: dotnet run --project src/Notifier.Local");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = _timeProvider.GetElapsedTime(started);
            if (commandLine.Has("json"))
            {
                await _output.WriteLineAsync(body).ConfigureAwait(false);
            }
            else
            {
                await _output.WriteAsync(SendSummary.Format(response.StatusCode, body, elapsed, gateway)).ConfigureAwait(false);
            }

            return response.IsSuccessStatusCode ? 0 : 1;
        }
    }
}
