using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Notifier.Aws.Connections;
using Notifier.Core.Connections;
using Notifier.Testing.Dynalite;

namespace Notifier.Aws.Tests.Connections;

/// <summary>The stored item format and the paging the store does, read through a recording client on dynalite.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbConnectionStoreItemTests : IDisposable
{
    private readonly DynaliteServer _server;
    private RecordingDynamoDbClient? _client;

    public DynamoDbConnectionStoreItemTests(DynaliteServer server)
    {
        _server = server;
    }

    public void Dispose() => _client?.Dispose();

    [SkippableFact]
    public async Task AddAsync_Record_StoresExpiresAtInEpochSecondsAndConnectedAtInMilliseconds()
    {
        var (store, client) = await CreateStoreAsync();
        var connectedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_674_162_806_344);
        var record = new ConnectionRecord("Jx2fCd1voAMCLtg=", "user-1", "https://example.com/prod", connectedAt, ConnectionLifetime.ExpiresAt(connectedAt), "203.0.113.7");

        await store.AddAsync(record);
        var item = (await client.GetItemAsync(store.TableName, new() { [ConnectionTableSchema.ConnectionId] = new AttributeValue { S = record.ConnectionId } })).Item;

        Assert.Equal("1674162806344", item[ConnectionTableSchema.ConnectedAt].N);
        Assert.Equal(record.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), item[ConnectionTableSchema.ExpiresAt].N);
        Assert.Equal("user-1", item[ConnectionTableSchema.UserId].S);
        Assert.Equal("https://example.com/prod", item[ConnectionTableSchema.Endpoint].S);
        Assert.Equal("203.0.113.7", item[ConnectionTableSchema.SourceIp].S);
    }

    [SkippableFact]
    public async Task GetAsync_ItemMissingUserId_ReturnsNull()
    {
        var (store, client) = await CreateStoreAsync();
        await client.PutItemAsync(store.TableName, new()
        {
            [ConnectionTableSchema.ConnectionId] = new AttributeValue { S = "broken" },
            [ConnectionTableSchema.ExpiresAt] = new AttributeValue { N = "9999999999" },
        });

        Assert.Null(await store.GetAsync("broken"));
        Assert.Empty(await ReadAllAsync(store));
    }

    [SkippableFact]
    public async Task ListAllAsync_FourSegmentsWithSmallPages_ScansEverySegmentAndFollowsPages()
    {
        var (store, client) = await CreateStoreAsync();
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < 60; i++)
        {
            await store.AddAsync(new ConnectionRecord($"id-{i}", $"user-{i % 5}", "https://example.com/prod", now, ConnectionLifetime.ExpiresAt(now)));
        }

        var all = await ReadAllAsync(store);

        Assert.Equal(60, all.Select(r => r.ConnectionId).Distinct().Count());
        Assert.Equal([0, 1, 2, 3], client.Scans.Select(s => s.Segment ?? -1).Distinct().Order());
        Assert.All(client.Scans, scan => Assert.Equal(4, scan.TotalSegments));
        Assert.True(client.Scans.Count(s => s.ExclusiveStartKey is { Count: > 0 }) > 0, "no scan followed LastEvaluatedKey");
    }

    [SkippableFact]
    public async Task ListByUserAsync_SmallPages_FollowsLastEvaluatedKey()
    {
        var (store, client) = await CreateStoreAsync();
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < 25; i++)
        {
            await store.AddAsync(new ConnectionRecord($"id-{i}", "user-1", "https://example.com/prod", now, ConnectionLifetime.ExpiresAt(now)));
        }

        var listed = await store.ListByUserAsync("user-1");

        Assert.Equal(25, listed.Count);
        Assert.True(client.Queries.Count >= 3, $"expected at least 3 pages, saw {client.Queries.Count}");
        Assert.All(client.Queries, query => Assert.Equal(ConnectionTableSchema.ByUserIndex, query.IndexName));
    }

    private async Task<(DynamoDbConnectionStore Store, RecordingDynamoDbClient Client)> CreateStoreAsync()
    {
        _server.RequireAvailable();
        _client = new RecordingDynamoDbClient(_server.Endpoint);
        var tableName = await TestDynamoDb.CreateTableAsync(_client);
        var options = new DynamoDbConnectionStoreOptions { PageSize = 10, ScanSegments = 4 };
        return (new DynamoDbConnectionStore(_client, tableName, options: options), _client);
    }

    private static async Task<List<ConnectionRecord>> ReadAllAsync(DynamoDbConnectionStore store)
    {
        var records = new List<ConnectionRecord>();
        await foreach (var record in store.ListAllAsync())
        {
            records.Add(record);
        }

        return records;
    }
}
