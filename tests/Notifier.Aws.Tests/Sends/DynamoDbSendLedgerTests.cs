using Amazon.DynamoDBv2;
using Notifier.Aws.Sends;
using Notifier.Core.Connections;
using Notifier.Core.Sharding;
using Notifier.Testing.Dynalite;
using Notifier.Testing.Sharding;

namespace Notifier.Aws.Tests.Sends;

/// <summary>The send ledger contract against a real dynalite.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbSendLedgerTests : SendLedgerContract, IDisposable
{
    private readonly DynaliteServer _server;
    private readonly List<AmazonDynamoDBClient> _clients = [];

    public DynamoDbSendLedgerTests(DynaliteServer server)
    {
        _server = server;
    }

    protected override async Task<ISendLedger> CreateLedgerAsync(TimeProvider time)
    {
        _server.RequireAvailable();
        var client = TestDynamoDb.CreateClient(_server.Endpoint);
        _clients.Add(client);
        return new DynamoDbSendLedger(client, await TestDynamoDb.CreateSendsTableAsync(client), time);
    }

    [SkippableFact]
    public async Task EveryCall_MissingTable_IsAConnectionStoreException()
    {
        _server.RequireAvailable();
        var client = TestDynamoDb.CreateClient(_server.Endpoint);
        _clients.Add(client);
        var ledger = new DynamoDbSendLedger(client, $"missing-{Guid.NewGuid():N}", Time);

        await Assert.ThrowsAsync<ConnectionStoreException>(() => ledger.AddShardsAsync("send-1", ["0.0"]));
        await Assert.ThrowsAsync<ConnectionStoreException>(() => ledger.ClaimAsync("send-1", "0.0", "attempt-a"));
        await Assert.ThrowsAsync<ConnectionStoreException>(() => ledger.CompleteAsync("send-1", "0.0", ShardCounts.Zero));
        await Assert.ThrowsAsync<ConnectionStoreException>(() => ledger.GetAsync("send-1"));
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
