using Amazon.DynamoDBv2;
using Notifier.Aws.Connections;
using Notifier.Core.Connections;
using Notifier.Testing.Connections;
using Notifier.Testing.Dynalite;

namespace Notifier.Aws.Tests.Connections;

/// <summary>The store contract, topics included, against a real dynalite, with small pages so that every read paginates.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbConnectionStoreTests : ConnectionStoreContract, IDisposable
{
    private readonly DynaliteServer _server;
    private readonly List<AmazonDynamoDBClient> _clients = [];

    public DynamoDbConnectionStoreTests(DynaliteServer server)
    {
        _server = server;
    }

    protected override async Task<IConnectionStore> CreateStoreAsync(TimeProvider time)
    {
        _server.RequireAvailable();
        var client = TestDynamoDb.CreateClient(_server.Endpoint);
        _clients.Add(client);
        var tableName = await TestDynamoDb.CreateTableAsync(client);
        var topicsTableName = await TestDynamoDb.CreateTopicsTableAsync(client);
        var options = new DynamoDbConnectionStoreOptions { PageSize = 10, ScanSegments = 4, TopicsTableName = topicsTableName };
        return new DynamoDbConnectionStore(client, tableName, time, options: options);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
