using Notifier.Aws.Connections;
using Notifier.Aws.History;
using Notifier.Aws.Topics;
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
    public async Task ConnectSubscribeDisconnect_FromSettings_WritesAndRemovesTheRecordAndItsSubscription()
    {
        _dynalite.RequireAvailable();
        using var client = DynamoDbClientFactory.CreateClient(_dynalite.Endpoint.AbsoluteUri, credentials: DynamoDbClientFactory.LocalCredentials());
        var table = $"connections-{Guid.NewGuid():N}";
        var topicsTable = $"topics-{Guid.NewGuid():N}";
        await ConnectionTableSetup.EnsureTableAsync(client, table, TimeSpan.FromSeconds(10));
        await ConnectionTableSetup.EnsureTableAsync(client, TopicTableSchema.BuildCreateTableRequest(topicsTable), TimeSpan.FromSeconds(10));
        var messagesTable = $"messages-{Guid.NewGuid():N}";
        await ConnectionTableSetup.EnsureTableAsync(client, MessageTableSchema.BuildCreateTableRequest(messagesTable), TimeSpan.FromSeconds(10));
        var settings = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "notifier-test",
            ["NOTIFIER_TABLE_NAME"] = table,
            ["NOTIFIER_TOPICS_TABLE_NAME"] = topicsTable,
            ["NOTIFIER_MESSAGES_TABLE_NAME"] = messagesTable,
            ["NOTIFIER_DYNAMODB_URL"] = _dynalite.Endpoint.AbsoluteUri,
        };
        var catalog = new FunctionCatalog(new SettingsReader(settings.GetValueOrDefault), new CapturingLoggerProvider().CreateFactory());
        var store = new DynamoDbConnectionStore(client, table, options: new DynamoDbConnectionStoreOptions { TopicsTableName = topicsTable });

        var connected = await InvokeAsync(catalog, "connect", SampleEvents.LoadConnectedAt("connect"));
        var stored = await store.GetAsync("Jx2fCd1voAMCLtg=");
        var subscribed = await InvokeAsync(catalog, "default", SampleEvents.Load("default-subscribe"));
        var members = await store.CountSubscribersAsync("orders/42");
        var disconnected = await InvokeAsync(catalog, "disconnect", SampleEvents.Load("disconnect"));

        Assert.Contains("\"statusCode\":200", connected, StringComparison.Ordinal);
        Assert.Equal("user-123", stored?.UserId);
        Assert.Contains("subscribed", subscribed, StringComparison.Ordinal);
        Assert.Equal(1, members);
        Assert.Contains("\"statusCode\":200", disconnected, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync("Jx2fCd1voAMCLtg="));
        Assert.Equal(0, await store.CountSubscribersAsync("orders/42"));
        Assert.Empty(await store.ListTopicsAsync("Jx2fCd1voAMCLtg="));
    }

    private static async Task<string> InvokeAsync(FunctionCatalog catalog, string function, System.Text.Json.Nodes.JsonObject apiGatewayEvent)
    {
        var result = await catalog.Create(function).InvokeAsync(SampleEvents.Bytes(apiGatewayEvent)).WaitAsync(TimeSpan.FromSeconds(15));
        return System.Text.Encoding.UTF8.GetString(result.Response!);
    }
}
