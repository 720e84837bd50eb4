using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Notifier.Aws.History;
using Notifier.Core.Connections;
using Notifier.Core.History;
using Notifier.Testing.Dynalite;
using Notifier.Testing.History;

namespace Notifier.Aws.Tests.History;

/// <summary>The message history contract against a real dynalite, and what the table holds.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbMessageHistoryTests : MessageHistoryContract, IDisposable
{
    private readonly DynaliteServer _server;
    private readonly List<AmazonDynamoDBClient> _clients = [];

    public DynamoDbMessageHistoryTests(DynaliteServer server)
    {
        _server = server;
    }

    protected override async Task<IMessageHistory> CreateHistoryAsync(HistoryOptions options, TimeProvider time)
    {
        var (client, tableName) = await CreateTableAsync();
        return new DynamoDbMessageHistory(client, tableName, options, time);
    }

    [SkippableFact]
    public async Task AppendAsync_WritesTheMessageWithItsExpiry_AndACounterWithoutOne()
    {
        var (client, tableName) = await CreateTableAsync();
        var history = new DynamoDbMessageHistory(client, tableName, new HistoryOptions { Retention = TimeSpan.FromSeconds(90) }, Time);

        await history.AppendAsync("user:alice", "m-1", "{\"a\":1}"u8.ToArray());
        var message = await GetAsync(client, tableName, "user:alice", "1");
        var counter = await GetAsync(client, tableName, "user:alice", "0");

        Assert.Equal("m-1", message[MessageTableSchema.Id].S);
        Assert.Equal("{\"a\":1}", message[MessageTableSchema.Message].S);
        Assert.Equal((Time.GetUtcNow().ToUnixTimeSeconds() + 90).ToString(System.Globalization.CultureInfo.InvariantCulture), message[MessageTableSchema.ExpiresAt].N);
        Assert.Equal("1", counter[MessageTableSchema.Last].N);
        Assert.False(counter.ContainsKey(MessageTableSchema.ExpiresAt));
    }

    [SkippableFact]
    public async Task AppendAsync_ZeroRetention_WritesOnlyTheCounter()
    {
        var (client, tableName) = await CreateTableAsync();
        var history = new DynamoDbMessageHistory(client, tableName, new HistoryOptions { Retention = TimeSpan.Zero }, Time);

        await history.AppendAsync("user:alice", "m-1", "{}"u8.ToArray());
        var items = await client.ScanAsync(new ScanRequest { TableName = tableName });

        var item = Assert.Single(items.Items);
        Assert.Equal("0", item[MessageTableSchema.Seq].N);
    }

    [SkippableFact]
    public async Task EveryCall_MissingTable_IsAConnectionStoreException()
    {
        _server.RequireAvailable();
        var client = TestDynamoDb.CreateClient(_server.Endpoint);
        _clients.Add(client);
        var history = new DynamoDbMessageHistory(client, $"missing-{Guid.NewGuid():N}", timeProvider: Time);

        await Assert.ThrowsAsync<ConnectionStoreException>(() => history.AppendAsync("user:alice", "m-1", "{}"u8.ToArray()));
        await Assert.ThrowsAsync<ConnectionStoreException>(() => history.ReadAsync("user:alice", 0, 10));
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private async Task<(AmazonDynamoDBClient Client, string TableName)> CreateTableAsync()
    {
        _server.RequireAvailable();
        var client = TestDynamoDb.CreateClient(_server.Endpoint);
        _clients.Add(client);
        return (client, await TestDynamoDb.CreateMessagesTableAsync(client));
    }

    private static async Task<Dictionary<string, AttributeValue>> GetAsync(IAmazonDynamoDB client, string tableName, string stream, string seq)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new(StringComparer.Ordinal)
            {
                [MessageTableSchema.Stream] = new AttributeValue { S = stream },
                [MessageTableSchema.Seq] = new AttributeValue { N = seq },
            },
            ConsistentRead = true,
        });
        Assert.True(response.Item is { Count: > 0 }, $"no item {stream}/{seq}");
        return response.Item;
    }
}
