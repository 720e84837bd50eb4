using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Notifier.Aws.Connections;
using Notifier.Aws.History;
using Notifier.Aws.Management;
using Notifier.Aws.Topics;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;
using Notifier.Testing.Sharding;

namespace Notifier.History;

/// <summary>What a send and a resume touch on AWS, on one machine: the connections, topics and messages tables on dynalite, and a management API stub that counts posts.</summary>
/// <remarks>
/// As in Lambda, the connection store and the history each have their own DynamoDB client (5 s per attempt); both count
/// their requests in <see cref="Calls"/>. Posts go through a SigV4-signing <see cref="ManagementApiClient"/>, as on AWS.
/// </remarks>
internal sealed class HistoryRig : IAsyncDisposable
{
    private static readonly TimeSpan DynamoDbTimeout = TimeSpan.FromSeconds(5);

    private readonly AmazonDynamoDBClient _storeClient;
    private readonly AmazonDynamoDBClient _historyClient;
    private readonly string _messagesTable;

    private HistoryRig(AmazonDynamoDBClient storeClient, AmazonDynamoDBClient historyClient, DynamoDbCallCounter calls, CountingManagementEndpoint endpoint, string suffix)
    {
        _storeClient = storeClient;
        _historyClient = historyClient;
        Calls = calls;
        Endpoint = endpoint;
        _messagesTable = "messages-" + suffix;
        Store = new DynamoDbConnectionStore(storeClient, "connections-" + suffix, options: new DynamoDbConnectionStoreOptions { TopicsTableName = "topics-" + suffix });
        History = new DynamoDbMessageHistory(historyClient, _messagesTable);
        Channel = new ManagementApiClient(new ManagementApiOptions { Credentials = new BasicAWSCredentials("bench", "bench"), Region = "us-east-1" });
    }

    /// <summary>Every DynamoDB request of the store and the history, by operation.</summary>
    public DynamoDbCallCounter Calls { get; }

    /// <summary>The management API stub: answers every post 200 after the rig's post latency and counts it.</summary>
    public CountingManagementEndpoint Endpoint { get; }

    public DynamoDbConnectionStore Store { get; }

    public DynamoDbMessageHistory History { get; }

    public ManagementApiClient Channel { get; }

    /// <summary>Creates the three tables on the DynamoDB at <paramref name="dynamoDbEndpoint"/> and starts the stub, which answers each post after <paramref name="postLatency"/>.</summary>
    public static async Task<HistoryRig> StartAsync(Uri dynamoDbEndpoint, TimeSpan postLatency)
    {
        var calls = new DynamoDbCallCounter();
        var storeClient = CreateClient(dynamoDbEndpoint, calls);
        var historyClient = CreateClient(dynamoDbEndpoint, calls);
        var endpoint = await CountingManagementEndpoint.StartAsync(postLatency);
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var rig = new HistoryRig(storeClient, historyClient, calls, endpoint, suffix);
        var wait = TimeSpan.FromSeconds(30);
        await ConnectionTableSetup.EnsureTableAsync(storeClient, "connections-" + suffix, wait);
        await ConnectionTableSetup.EnsureTableAsync(storeClient, TopicTableSchema.BuildCreateTableRequest("topics-" + suffix), wait);
        await ConnectionTableSetup.EnsureTableAsync(historyClient, MessageTableSchema.BuildCreateTableRequest(rig._messagesTable), wait);
        return rig;
    }

    /// <summary>Stores <paramref name="count"/> settled <c>notifier.v1</c> connections of <paramref name="userId"/>, each subscribed to <paramref name="topic"/> when one is given.</summary>
    /// <exception cref="InvalidOperationException">The user's index does not list them all.</exception>
    public async Task<IReadOnlyList<ConnectionRecord>> SeedAsync(string userId, int count, string? topic = null)
    {
        // dynalite files a global secondary index entry under the first 24 bits of an MD5 of the item's key, so of two
        // connection ids that share them only one is listed by the user's index (real DynamoDB has no such limit): such ids are skipped.
        var indexSlots = new HashSet<string>(StringComparer.Ordinal);
        var records = Enumerable.Range(0, int.MaxValue)
            .Select(i => $"{userId}-{i:D6}=")
            .Where(id => indexSlots.Add(DynaliteIndexSlot(id)))
            .Take(count)
            .Select(id => TestRecords.Settled(id, userId, Endpoint.Endpoint) with { Protocol = NotificationEnvelope.Protocol })
            .ToList();
        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (record, token) =>
        {
            await Store.AddAsync(record, token);
            if (topic is not null)
            {
                await Store.SubscribeAsync(record, topic, token);
            }
        });
        var listed = (await Store.ListByUserAsync(userId)).Count;
        if (listed != count)
        {
            throw new InvalidOperationException($"the user index lists {listed} of the {count} connections of {userId}");
        }

        return records;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Endpoint.DisposeAsync();
        _storeClient.Dispose();
        _historyClient.Dispose();
    }

    /// <summary>The key dynalite files an index entry of the connection <paramref name="connectionId"/> under, after the index key.</summary>
    private static string DynaliteIndexSlot(string connectionId) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("Outliers" + connectionId)))[..6];

    private static AmazonDynamoDBClient CreateClient(Uri endpoint, DynamoDbCallCounter calls) => new(
        new BasicAWSCredentials("bench", "bench"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = endpoint.AbsoluteUri,
            AuthenticationRegion = "us-east-1",
            Timeout = DynamoDbTimeout,
            HttpClientFactory = calls,
        });
}
