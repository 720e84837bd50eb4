using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Notifier.Aws.Connections;
using Notifier.Aws.Topics;
using Notifier.Core.Connections;
using Notifier.Core.Sharding;
using Notifier.Testing.Dynalite;

namespace Notifier.Aws.Tests.Connections;

/// <summary>Topic sub-partitions as stored (the raw topics table), and the cursors of page reads, on dynalite.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbConnectionStorePartitionTests : IDisposable
{
    private const string Endpoint = "https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod";

    private readonly DynaliteServer _server;
    private AmazonDynamoDBClient? _client;

    public DynamoDbConnectionStorePartitionTests(DynaliteServer server)
    {
        _server = server;
    }

    public void Dispose() => _client?.Dispose();

    private async Task<(DynamoDbConnectionStore Store, string TopicsTable)> CreateStoreAsync(int topicPartitions = 16)
    {
        _server.RequireAvailable();
        _client = TestDynamoDb.CreateClient(_server.Endpoint);
        var tableName = await TestDynamoDb.CreateTableAsync(_client);
        var topicsTable = await TestDynamoDb.CreateTopicsTableAsync(_client);
        var options = new DynamoDbConnectionStoreOptions { TopicsTableName = topicsTable, PageSize = 10, TopicPartitions = topicPartitions };
        return (new DynamoDbConnectionStore(_client, tableName, options: options), topicsTable);
    }

    private static ConnectionRecord Connection(string connectionId)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new ConnectionRecord(connectionId, "user-1", Endpoint, now, ConnectionLifetime.ExpiresAt(now), null);
    }

    private async Task<List<Dictionary<string, AttributeValue>>> RawItemsAsync(string table)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await _client!.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start });
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return items;
    }

    [SkippableFact]
    public async Task SubscribeAsync_ManyConnections_SpreadsOverPartitionKeys_AndAllAreFound()
    {
        var (store, topicsTable) = await CreateStoreAsync();
        var ids = Enumerable.Range(0, 40).Select(i => $"conn-{i:D2}-AAAAAAA=").ToList();
        foreach (var id in ids)
        {
            await store.AddAsync(Connection(id));
            await store.SubscribeAsync(Connection(id), "orders/42");
        }

        var items = await RawItemsAsync(topicsTable);
        var keys = items.Select(item => item[TopicTableSchema.Topic].S).ToList();
        var subscribers = new List<string>();
        await foreach (var record in store.ListSubscribersAsync("orders/42"))
        {
            subscribers.Add(record.ConnectionId);
        }

        Assert.Equal(ids.Count, items.Count);
        Assert.All(items, item => Assert.Equal(
            $"orders/42#{RecipientPartition.Of(item[TopicTableSchema.ConnectionId].S, 16)}",
            item[TopicTableSchema.Topic].S));
        Assert.True(keys.Distinct(StringComparer.Ordinal).Count() > 4, $"40 subscriptions used only {keys.Distinct(StringComparer.Ordinal).Count()} partition keys.");
        Assert.DoesNotContain("orders/42", keys);
        Assert.Equal(ids.Order(StringComparer.Ordinal), subscribers.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, await store.CountSubscribersAsync("orders/42"));
        Assert.Equal(["orders/42"], await store.ListTopicsAsync(ids[0]));
    }

    [SkippableFact]
    public async Task UnsubscribeAndRemove_DeleteThePartitionedItems()
    {
        var (store, topicsTable) = await CreateStoreAsync();
        var ids = Enumerable.Range(0, 6).Select(i => $"gone-{i}-AAAAAAAA=").ToList();
        foreach (var id in ids)
        {
            await store.AddAsync(Connection(id));
            await store.SubscribeAsync(Connection(id), "room:1");
            await store.SubscribeAsync(Connection(id), "room:2");
        }

        Assert.True(await store.UnsubscribeAsync(ids[0], "room:1"));
        await store.RemoveAsync(ids[1]);
        await store.RemoveManyAsync(ids.Skip(2).ToList());

        var left = await RawItemsAsync(topicsTable);
        var item = Assert.Single(left);
        Assert.Equal(ids[0], item[TopicTableSchema.ConnectionId].S);
        Assert.Equal($"room:2#{RecipientPartition.Of(ids[0], 16)}", item[TopicTableSchema.Topic].S);
    }

    [SkippableFact]
    public async Task OnePartition_WritesTopicHashZero()
    {
        var (store, topicsTable) = await CreateStoreAsync(topicPartitions: 1);

        await store.SubscribeAsync(Connection("only-AAAAAAAAAA="), "news");

        Assert.Equal("news#0", Assert.Single(await RawItemsAsync(topicsTable))[TopicTableSchema.Topic].S);
        Assert.Equal(1, await store.CountSubscribersAsync("news"));
    }

    [SkippableTheory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"connectionId\":5}")]
    [InlineData("{\"connectionId\":\"a\",\"extra\":\"b\"}")]
    [InlineData("{\"userId\":\"a\"}")]
    public async Task ReadPageAsync_MalformedCursor_IsAnArgumentException(string cursor)
    {
        var (store, _) = await CreateStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.ReadPageAsync(new RecipientRange(null, 0, 1), cursor, 3));

        Assert.Equal("cursor", error.ParamName);
    }

    [SkippableFact]
    public async Task ReadPageAsync_CursorOfAnotherTopicPartition_IsAnArgumentException()
    {
        var (store, _) = await CreateStoreAsync();
        var cursor = "{\"connectionId\":\"a\",\"topic\":\"room:1#3\"}";

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.ReadPageAsync(new RecipientRange("room:1", 4, 16), cursor, 3));

        Assert.Equal("cursor", error.ParamName);
    }

    [SkippableFact]
    public async Task ReadPageAsync_TopicRangeWithOtherPartCount_IsRefused()
    {
        var (store, _) = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadPageAsync(new RecipientRange("room:1", 0, 8), null, 3));
    }

    [SkippableFact]
    public async Task ReadPageAsync_Cursor_IsTheLastKeyAsCompactJson()
    {
        var (store, _) = await CreateStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.AddAsync(Connection($"page-{i}-AAAAAAAA="));
        }

        var page = await store.ReadPageAsync(new RecipientRange(null, 0, 1), null, 2);

        Assert.Equal($"{{\"connectionId\":\"{page.Connections[^1].ConnectionId}\"}}", page.Cursor);
    }
}
