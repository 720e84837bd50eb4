using Notifier.Aws.Connections;
using Notifier.Core.Configuration;
using Notifier.Functions.Hosting;
using Notifier.Testing.Dynalite;
using Notifier.Testing.Events;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>The route functions as Lambda builds them from settings, against a real DynamoDB-compatible server.</summary>
public sealed class DynamoDbRouteTests : IClassFixture<DynaliteServer>
{
    private readonly DynaliteServer _dynalite;

    public DynamoDbRouteTests(DynaliteServer dynalite)
    {
        _dynalite = dynalite;
    }

    [SkippableFact]
    public async Task ConnectThenDisconnect_FromSettings_WritesAndRemovesTheRecord()
    {
        _dynalite.RequireAvailable();
        using var client = DynamoDbClientFactory.CreateClient(_dynalite.Endpoint.AbsoluteUri, credentials: DynamoDbClientFactory.LocalCredentials());
        var table = $"connections-{Guid.NewGuid():N}";
        await ConnectionTableSetup.EnsureTableAsync(client, table, TimeSpan.FromSeconds(10));
        var settings = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "notifier-test",
            ["NOTIFIER_TABLE_NAME"] = table,
            ["NOTIFIER_DYNAMODB_URL"] = _dynalite.Endpoint.AbsoluteUri,
        };
        var catalog = new FunctionCatalog(new SettingsReader(settings.GetValueOrDefault), new CapturingLoggerProvider().CreateFactory());
        var store = new DynamoDbConnectionStore(client, table);

        var connected = await catalog.Create("connect").InvokeAsync(SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect"))).WaitAsync(TimeSpan.FromSeconds(15));
        var stored = await store.GetAsync("Jx2fCd1voAMCLtg=");
        var disconnected = await catalog.Create("disconnect").InvokeAsync(SampleEvents.Bytes(SampleEvents.Load("disconnect"))).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Contains("\"statusCode\":200", System.Text.Encoding.UTF8.GetString(connected.Response!), StringComparison.Ordinal);
        Assert.Equal("user-123", stored?.UserId);
        Assert.Contains("\"statusCode\":200", System.Text.Encoding.UTF8.GetString(disconnected.Response!), StringComparison.Ordinal);
        Assert.Null(await store.GetAsync("Jx2fCd1voAMCLtg="));
    }
}
