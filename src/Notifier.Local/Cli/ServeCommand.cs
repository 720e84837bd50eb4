using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using Notifier.Auth.Tokens;
using Notifier.Core.Configuration;
using Notifier.Local.Gateway;
using Notifier.Local.Signing;

namespace Notifier.Local.Cli;

/// <summary><c>serve</c>: starts the local gateway and prints how to use it; Ctrl+C closes every connection cleanly.</summary>
internal sealed class ServeCommand
{
    private readonly SettingsReader _settings;
    private readonly Func<string, string?> _environment;
    private readonly TextWriter _output;

    public ServeCommand(SettingsReader settings, Func<string, string?> environment, TextWriter output)
    {
        _settings = settings;
        _environment = environment;
        _output = output;
    }

    public async Task<int> RunAsync(CommandLine commandLine, CancellationToken cancellationToken)
    {
        var options = new GatewayOptions
        {
            Host = commandLine.Option("host") ?? "127.0.0.1",
            Port = Port(commandLine.Option("port")),
            Stage = commandLine.Option("stage") is { Length: > 0 } stage ? stage : "local",
            IdleTimeout = TokenCommand.ParseDuration(commandLine.Option("idle-timeout") ?? "10m"),
            MaxConnectionDuration = TokenCommand.ParseDuration(commandLine.Option("max-duration") ?? "2h"),
            ManagementCredentials = ManagementCredentials(commandLine),
        };
        var generated = false;
        var secret = commandLine.Option("jwt-secret") ?? _settings.Optional(JwtOptions.SecretVariable);
        if (secret is null)
        {
            secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            generated = true;
        }

        var dynamoDbUrl = commandLine.Option("dynamodb-url") is { Length: > 0 } url
            ? (Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : throw new UsageException($"--dynamodb-url '{url}' is not an absolute URL"))
            : null;
        var table = commandLine.Option("table") ?? _settings.Optional("NOTIFIER_TABLE_NAME") ?? LocalGatewaySettings.DefaultTableName;
        var topicsTable = commandLine.Option("topics-table") ?? _settings.Optional("NOTIFIER_TOPICS_TABLE_NAME") ?? LocalGatewaySettings.DefaultTopicsTableName;
        var messagesTable = commandLine.Option("messages-table") ?? _settings.Optional("NOTIFIER_MESSAGES_TABLE_NAME") ?? LocalGatewaySettings.DefaultMessagesTableName;

        await using var gateway = await StartAsync(
            options,
            new LocalGatewaySettings(secret, dynamoDbUrl, table, _environment) { TopicsTableName = topicsTable, MessagesTableName = messagesTable, IssuesDevTokens = generated },
            cancellationToken).ConfigureAwait(false);
        await PrintBannerAsync(gateway, generated ? secret : null, dynamoDbUrl is null ? "in memory" : $"DynamoDB tables {table}, {topicsTable} and {messagesTable} (message history) at {dynamoDbUrl}").ConfigureAwait(false);
        await gateway.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Starts the gateway; a port already taken is said plainly (checked first, so the host does not log a stack trace for it).</summary>
    private static async Task<LocalGateway> StartAsync(GatewayOptions options, LocalGatewaySettings settings, CancellationToken cancellationToken)
    {
        var taken = new GatewayStartException(
            $"{options.Host}:{options.Port} is already in use: stop what listens there, or pick another port with --port");
        if (options.Port != 0 && IPAddress.TryParse(options.Host, out var address) && IsTaken(new IPEndPoint(address, options.Port)))
        {
            throw taken;
        }

        try
        {
            return await LocalGateway.StartAsync(options, settings, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception) when (exception.InnerException is AddressInUseException)
        {
            throw taken;
        }
    }

    private static bool IsTaken(IPEndPoint endpoint)
    {
        try
        {
            using var listener = new TcpListener(endpoint);
            listener.Start();
            return false;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }

    private async Task PrintBannerAsync(LocalGateway gateway, string? generatedSecret, string store)
    {
        var anyTopic = new Dictionary<string, object> { [gateway.Tokens.TopicsClaim] = new[] { "*" } };
        var token = gateway.Tokens.Issue("dev-user", TimeSpan.FromHours(12), anyTopic);
        string[] lines =
        [
            "Notifier local gateway is running (Ctrl+C to stop).",
            $"  WebSocket:      {gateway.WebSocketUrl}?token=<JWT>",
            $"  Dashboard:      {gateway.BaseAddress}",
            $"  Publish API:    POST {gateway.BaseAddress}notifications",
            $"  Management API: {gateway.ManagementEndpoint}/@connections/{{id}}",
            $"  Store:          {store}",
            gateway.Options.ManagementCredentials is null
                ? "  Signing:        unsigned backend calls accepted from this machine (pass --aws-access-key-id/--aws-secret-access-key to require SigV4)"
                : "  Signing:        SigV4 required on the publish and management APIs (service execute-api, region " + gateway.Options.Region + ")",
            generatedSecret is null
                ? "  JWT secret:     from --jwt-secret / NOTIFIER_JWT_SECRET"
                : $"  JWT secret:     {generatedSecret} (generated for this run; set NOTIFIER_JWT_SECRET to keep one; meanwhile the dashboard gets tokens from POST /_local/token)",
            $"  Dev token (user dev-user, 12 h, may subscribe to any topic): {token}",
            $"  Try: websocat '{gateway.WebSocketUrl}?token=<token>'  then  dotnet run --project src/Notifier.Local -- send --user dev-user --message '{{\"hello\":1}}' --url {gateway.BaseAddress.AbsoluteUri.TrimEnd('/')}",
            .. CurlPublishExample(gateway),
        ];
        foreach (var line in lines)
        {
            await _output.WriteLineAsync(line).ConfigureAwait(false);
        }

        await _output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>A publish to the dev user as a curl command against this gateway's own address, signed when the gateway requires SigV4.</summary>
    /// <remarks>The secret key is left as a placeholder, so the banner never prints it.</remarks>
    private static string[] CurlPublishExample(LocalGateway gateway)
    {
        var command = $"curl -X POST {gateway.BaseAddress}notifications -H 'Content-Type: application/json' -d '{{\"userId\":\"dev-user\",\"message\":{{\"text\":\"hello\"}}}}'";
        if (gateway.Options.ManagementCredentials is not ({ } keyId, _))
        {
            return [$"  Publish with curl: {command}"];
        }

        // The gateway checks the credential scope's service (the verifier's default, API Gateway's signing name) and region.
        var scope = $"aws:amz:{gateway.Options.Region}:{new SigV4VerifierOptions().Service}";
        return
        [
            $"  Publish with curl: {command} --aws-sigv4 '{scope}' --user '{keyId}:<secret access key>'",
            "    (SigV4 is required: replace <secret access key> with the key given to --aws-secret-access-key)",
        ];
    }

    private static (string, string)? ManagementCredentials(CommandLine commandLine)
    {
        var keyId = commandLine.Option("aws-access-key-id");
        var secret = commandLine.Option("aws-secret-access-key");
        return (keyId, secret) switch
        {
            (null, null) => null,
            ({ Length: > 0 }, { Length: > 0 }) => (keyId, secret),
            _ => throw new UsageException("--aws-access-key-id and --aws-secret-access-key go together"),
        };
    }

    private static int Port(string? text)
    {
        if (text is null)
        {
            return GatewayOptions.DefaultPort;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new UsageException($"--port '{text}' is not a port number");
    }
}
