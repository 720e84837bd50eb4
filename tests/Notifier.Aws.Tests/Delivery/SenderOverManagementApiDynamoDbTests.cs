using Amazon.DynamoDBv2;
using Notifier.Aws.Connections;
using Notifier.Core.Connections;
using Notifier.Testing.Dynalite;

namespace Notifier.Aws.Tests.Delivery;

/// <summary>The sender and management client contract with the DynamoDB store on dynalite: gone connections are pruned from a real table.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class SenderOverManagementApiDynamoDbTests : SenderOverManagementApiContract, IDisposable
{
    private readonly DynaliteServer _server;
    private readonly List<AmazonDynamoDBClient> _clients = [];

    public SenderOverManagementApiDynamoDbTests(DynaliteServer server)
    {
        _server = server;
    }

    protected override async Task<IConnectionStore> CreateStoreAsync()
    {
        _server.RequireAvailable();
        var client = TestDynamoDb.CreateClient(_server.Endpoint);
        _clients.Add(client);
        return new DynamoDbConnectionStore(client, await TestDynamoDb.CreateTableAsync(client));
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
