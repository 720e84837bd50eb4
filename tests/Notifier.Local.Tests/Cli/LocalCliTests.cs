using System.Text.Json;
using System.Text.Json.Nodes;
using Notifier.Core.Configuration;
using Notifier.Local.Cli;
using Notifier.Local.Tests.Gateway;
using Notifier.Testing;
using Notifier.Testing.Tokens;

namespace Notifier.Local.Tests.Cli;

public sealed class LocalCliTests
{
    private readonly Dictionary<string, string> _settings = new() { ["NOTIFIER_JWT_SECRET"] = TestTokens.Secret };
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private static string Event(string name) => RepositoryPaths.Combine("events", name + ".json");

    private Task<int> RunAsync(params string[] args) =>
        new LocalCli(_settings.GetValueOrDefault, _output, _error).RunAsync(args);

    [Fact]
    public async Task Token_ThenInvokeAuthorizer_AllowsThatUser()
    {
        Assert.Equal(0, await RunAsync("token", "--user", "alice", "--ttl", "5m", "--claim", "plan=pro"));
        var token = _output.ToString().Trim();
        _output.GetStringBuilder().Clear();

        var exitCode = await RunAsync("invoke", "authorizer", "--event", Event("authorizer"), "--token", token);

        Assert.Equal(0, exitCode);
        using var response = JsonDocument.Parse(_output.ToString());
        Assert.Equal("alice", response.RootElement.GetProperty("principalId").GetString());
    }

    [Fact]
    public async Task TokenWithTopics_ThenInvokeAuthorizer_PassesThemInTheContext()
    {
        Assert.Equal(0, await RunAsync("token", "--user", "alice", "--topic", "room:1", "--topic", "orders/*"));
        var token = _output.ToString().Trim();
        _output.GetStringBuilder().Clear();

        await RunAsync("invoke", "authorizer", "--event", Event("authorizer"), "--token", token);

        using var response = JsonDocument.Parse(_output.ToString());
        Assert.Equal("""["room:1","orders/*"]""", response.RootElement.GetProperty("context").GetProperty("topics").GetString());
    }

    [Fact]
    public async Task SendTopic_ThroughARunningGateway_ReachesSubscribers_ExceptTheExcluded()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var listener = await harness.ConnectWithTopicsAsync("bob", "room:1");
        var sender = await harness.ConnectWithTopicsAsync("alice", "room:1");
        await GatewayHarness.TopicActionAsync(listener, "subscribe", "room:1");
        await GatewayHarness.TopicActionAsync(sender, "subscribe", "room:1");
        var senderId = await harness.ConnectionIdAsync(sender);

        var exitCode = await RunAsync(
            "send", "--topic", "room:1", "--exclude-connection", senderId, "--message", """{"t":1}""", "--url", harness.Gateway.BaseAddress.AbsoluteUri);

        Assert.Equal(0, exitCode);
        Assert.Equal("""{"t":1}""", await GatewayHarness.ReceiveTextAsync(listener));
        await GatewayHarness.AssertNothingPendingAsync(sender);
        Assert.StartsWith("Delivered to 1 of 1 connection in ", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAuthorizer_PlaceholderToken_PrintsDenyPolicy()
    {
        var exitCode = await RunAsync("invoke", "authorizer", "--event", Event("authorizer"));

        Assert.Equal(0, exitCode);
        Assert.Contains("\"Effect\":\"Deny\"", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAuthorizer_EventWithoutToken_PrintsUnauthorizedAndExitsOne()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, """{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/prod/$connect"}""");

        var exitCode = await RunAsync("invoke", "authorizer", "--event", path);

        Assert.Equal(1, exitCode);
        Assert.Equal("""{"errorType":"Unauthorized","errorMessage":"Unauthorized"}""", _output.ToString().Trim());
    }

    [Theory]
    [InlineData(new string[0], new string[0])]
    [InlineData(new[] { "--remaining-ms", "100000" }, new string[0])]
    [InlineData(new[] { "--remaining-ms", "100" }, new[] { "m1", "m2", "m3" })]
    [InlineData(new[] { "--remaining-ms", "0" }, new[] { "m1", "m2", "m3" })]
    public async Task InvokePublish_SqsBatch_RecordsUnfinishedAtTheDeadlineAreListedInBatchItemFailures(string[] deadline, string[] expected)
    {
        // Three records for users with no connections: each is done at once unless the deadline has come first.
        var batch = JsonNode.Parse(await File.ReadAllTextAsync(Event("publish-sqs")))!.AsObject();
        var template = batch["Records"]!.AsArray()[0]!;
        var records = new JsonArray();
        foreach (var id in new[] { "m1", "m2", "m3" })
        {
            var record = template.DeepClone();
            record["messageId"] = id;
            records.Add(record);
        }

        batch["Records"] = records;
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, batch.ToJsonString());

        try
        {
            var exitCode = await RunAsync(["invoke", "publish", "--event", path, .. deadline]);

            Assert.Equal(0, exitCode);
            var response = JsonDocument.Parse(_output.ToString()).RootElement;
            Assert.Equal(expected, response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task InvokePublish_RemainingMsNotANumber_IsAUsageError()
    {
        var exitCode = await RunAsync("invoke", "publish", "--event", Event("publish-sqs"), "--remaining-ms", "soon");

        Assert.Equal(2, exitCode);
        Assert.Contains("--remaining-ms 'soon'", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default-ping", "{\\\"type\\\":\\\"pong\\\"}")]
    [InlineData("disconnect", "\"statusCode\":200")]
    public async Task Invoke_RouteFunctions_PrintTheirResponse(string eventName, string expected)
    {
        var exitCode = await RunAsync("invoke", eventName.Split('-')[0], "--event", Event(eventName));

        Assert.Equal(0, exitCode);
        Assert.Contains(expected, _output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("invoke")]
    [InlineData("invoke", "authorizer")]
    [InlineData("invoke", "authorizer", "--event", "no-such-file.json")]
    [InlineData("token")]
    [InlineData("token", "--user", "a", "--ttl", "forever")]
    [InlineData("token", "--user", "a", "--claim", "novalue")]
    [InlineData("send", "--user", "a", "--exclude-connection", "x", "--message", "1")]
    [InlineData("send", "--message", "1")]
    [InlineData("launch")]
    public async Task BadCommandLine_ExplainsAndExitsTwo(params string[] args)
    {
        var exitCode = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage:", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAuthorizer_MissingSecret_NamesTheSetting()
    {
        _settings.Clear();

        var exitCode = await RunAsync("invoke", "authorizer", "--event", Event("authorizer"));

        Assert.Equal(2, exitCode);
        Assert.Contains("NOTIFIER_JWT_SECRET", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortTaken_SaysSoWithoutAStackTrace()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var exitCode = await RunAsync("serve", "--port", port, "--jwt-secret", "cli-test-secret-0123456789abcdef0123").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.Contains($"127.0.0.1:{port} is already in use", _error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _error.ToString() + _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_PrintsUsage()
    {
        Assert.Equal(0, await RunAsync("help"));
        Assert.Contains("invoke <function>", _output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    public void ParseDuration_Units_AreRead(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TokenCommand.ParseDuration(text));
}
