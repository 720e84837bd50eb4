using Amazon.DynamoDBv2;
using Notifier.Aws.Connections;
using Notifier.Aws.History;
using Notifier.Aws.Sends;
using Notifier.Aws.Topics;

namespace Notifier.Aws.Tests;

/// <summary>DynamoDB clients and tables for tests: dummy credentials, short timeouts, one retry, fresh tables.</summary>
internal static class TestDynamoDb
{
    /// <summary>Bounds every HTTP attempt, so no test waits on a silent server for long.</summary>
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(5);

    public static AmazonDynamoDBClient CreateClient(Uri endpoint) =>
        DynamoDbClientFactory.CreateClient(
            endpoint.AbsoluteUri,
            DynamoDbClientFactory.LocalRegion,
            DynamoDbClientFactory.LocalCredentials(),
            HttpTimeout,
            maxErrorRetry: 1);

    /// <summary>Creates an active topics table with a unique name from the shared schema and returns its name.</summary>
    public static async Task<string> CreateTopicsTableAsync(IAmazonDynamoDB client)
    {
        var tableName = $"topics-{Guid.NewGuid():N}";
        await ConnectionTableSetup.EnsureTableAsync(client, TopicTableSchema.BuildCreateTableRequest(tableName), TimeSpan.FromSeconds(10));
        return tableName;
    }

    /// <summary>Creates an active sends table with a unique name from the shared schema and returns its name.</summary>
    public static async Task<string> CreateSendsTableAsync(IAmazonDynamoDB client)
    {
        var tableName = $"sends-{Guid.NewGuid():N}";
        await ConnectionTableSetup.EnsureTableAsync(client, SendTableSchema.BuildCreateTableRequest(tableName), TimeSpan.FromSeconds(10));
        return tableName;
    }

    /// <summary>Creates an active messages table with a unique name from the shared schema and returns its name.</summary>
    public static async Task<string> CreateMessagesTableAsync(IAmazonDynamoDB client)
    {
        var tableName = $"messages-{Guid.NewGuid():N}";
        await ConnectionTableSetup.EnsureTableAsync(client, MessageTableSchema.BuildCreateTableRequest(tableName), TimeSpan.FromSeconds(10));
        return tableName;
    }

    /// <summary>Creates an active table with a unique name from the shared schema and returns its name.</summary>
    public static async Task<string> CreateTableAsync(IAmazonDynamoDB client)
    {
        var tableName = $"connections-{Guid.NewGuid():N}";
        await ConnectionTableSetup.EnsureTableAsync(client, tableName, TimeSpan.FromSeconds(10));
        return tableName;
    }
}
