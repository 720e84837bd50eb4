using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Notifier.Aws.Connections;
using Notifier.Aws.History;
using Notifier.Aws.Queue;
using Notifier.Aws.Sends;
using Notifier.Aws.Topics;
using Notifier.Core.Connections;
using Notifier.Core.Sharding;
using Notifier.Testing.Connections;
using Notifier.Testing.Sqs;

namespace Notifier.Testing.Sharding;

/// <summary>Everything a sharded send touches on AWS, on one machine: DynamoDB tables (dynalite), the publish queue (<see cref="FakeSqsServer"/>) and a management API that counts posts.</summary>
/// <remarks>
/// The publish function itself is built by the caller from <see cref="Settings"/>, so that it runs exactly as Lambda
/// builds it; <see cref="StartWorkers"/> runs it from the queue as Lambda's SQS event source does.
/// </remarks>
public sealed class ShardedFanOutRig : IAsyncDisposable
{
    private readonly Uri _dynamoDbEndpoint;
    private readonly FakeSqsServer _sqsServer;
    private readonly AmazonSQSClient _sqs;
    private readonly AmazonDynamoDBClient _dynamoDb;
    private readonly string _queueUrl;
    private readonly string _table;
    private readonly string _topicsTable;
    private readonly string _sendsTable;
    private readonly string _messagesTable;

    private ShardedFanOutRig(
        Uri dynamoDbEndpoint, FakeSqsServer sqsServer, AmazonSQSClient sqs, AmazonDynamoDBClient dynamoDb, CountingManagementEndpoint endpoint, string queueUrl, string suffix)
    {
        _dynamoDbEndpoint = dynamoDbEndpoint;
        _sqsServer = sqsServer;
        _sqs = sqs;
        _dynamoDb = dynamoDb;
        Endpoint = endpoint;
        _queueUrl = queueUrl;
        _table = "connections-" + suffix;
        _topicsTable = "topics-" + suffix;
        _sendsTable = "sends-" + suffix;
        _messagesTable = "messages-" + suffix;
    }

    /// <summary>The stand-in management API, which counts every post per connection.</summary>
    public CountingManagementEndpoint Endpoint { get; }

    /// <summary>The connection store over the rig's tables.</summary>
    public DynamoDbConnectionStore Store => new(_dynamoDb, _table, options: new DynamoDbConnectionStoreOptions { TopicsTableName = _topicsTable });

    /// <summary>Creates the tables in the DynamoDB at <paramref name="dynamoDbEndpoint"/>, the queue, and the management API answering after <paramref name="postLatency"/>.</summary>
    public static async Task<ShardedFanOutRig> StartAsync(Uri dynamoDbEndpoint, TimeSpan postLatency)
    {
        ArgumentNullException.ThrowIfNull(dynamoDbEndpoint);
        var sqsServer = await FakeSqsServer.StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var queueUrl = sqsServer.CreateQueue("publish-" + suffix);
        var credentials = new BasicAWSCredentials("test", "test");
        var sqs = SqsClientFactory.CreateClient(sqsServer.ServiceUrl, FakeSqsServer.Region, credentials, timeout: TimeSpan.FromSeconds(30));
        var dynamoDb = DynamoDbClientFactory.CreateClient(dynamoDbEndpoint.AbsoluteUri, credentials: credentials, timeout: TimeSpan.FromSeconds(30));
        var endpoint = await CountingManagementEndpoint.StartAsync(postLatency);
        var rig = new ShardedFanOutRig(dynamoDbEndpoint, sqsServer, sqs, dynamoDb, endpoint, queueUrl, suffix);
        var wait = TimeSpan.FromSeconds(30);
        await ConnectionTableSetup.EnsureTableAsync(dynamoDb, rig._table, wait);
        await ConnectionTableSetup.EnsureTableAsync(dynamoDb, TopicTableSchema.BuildCreateTableRequest(rig._topicsTable), wait);
        await ConnectionTableSetup.EnsureTableAsync(dynamoDb, SendTableSchema.BuildCreateTableRequest(rig._sendsTable), wait);
        await ConnectionTableSetup.EnsureTableAsync(dynamoDb, MessageTableSchema.BuildCreateTableRequest(rig._messagesTable), wait);
        return rig;
    }

    /// <summary>The publish function's settings, as serverless.yml gives them, pointed at the rig.</summary>
    public IReadOnlyDictionary<string, string> Settings(int shardSize, int postsPerSecond, int publishConcurrency) => new Dictionary<string, string>
    {
        ["AWS_LAMBDA_FUNCTION_NAME"] = "notifier-rig-publish",
        ["AWS_REGION"] = FakeSqsServer.Region,
        ["NOTIFIER_TABLE_NAME"] = _table,
        ["NOTIFIER_TOPICS_TABLE_NAME"] = _topicsTable,
        ["NOTIFIER_SENDS_TABLE_NAME"] = _sendsTable,
        ["NOTIFIER_MESSAGES_TABLE_NAME"] = _messagesTable,
        ["NOTIFIER_DYNAMODB_URL"] = _dynamoDbEndpoint.AbsoluteUri,
        ["NOTIFIER_PUBLISH_QUEUE_URL"] = _queueUrl,
        ["NOTIFIER_SQS_URL"] = _sqsServer.ServiceUrl,
        ["NOTIFIER_SHARD_SIZE"] = shardSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["NOTIFIER_POSTS_PER_SECOND"] = postsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["NOTIFIER_PUBLISH_CONCURRENCY"] = publishConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Stores <paramref name="count"/> settled connections that the management API reaches; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> SeedAsync(int count, string? topic = null)
    {
        var store = Store;
        var ids = Enumerable.Range(0, count).Select(i => $"conn-{i:D7}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, token) =>
        {
            var record = TestRecords.Settled(id, "user-" + id, Endpoint.Endpoint);
            await store.AddAsync(record, token);
            if (topic is not null)
            {
                await store.SubscribeAsync(record, topic, token);
            }
        });
        return ids;
    }

    /// <summary>Puts a publish request on the queue, as a backend would; returns its message id, which names the send.</summary>
    public async Task<string> PublishAsync(string body)
    {
        var sent = await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = body });
        return sent.MessageId;
    }

    /// <summary>Workers that run the publish function from the queue; <paramref name="createInstance"/> builds one instance.</summary>
    public PublishWorkerPool StartWorkers(Func<PublishWorkerPool.Invocation> createInstance, PublishWorkerPoolOptions options)
    {
        var pool = new PublishWorkerPool(_sqs, _queueUrl, createInstance, options);
        pool.Start();
        return pool;
    }

    /// <summary>The send's summed report, as <c>GET /notifications/{messageId}</c> serves it.</summary>
    public Task<SendSummary?> SummaryAsync(string sendId) => new DynamoDbSendLedger(_dynamoDb, _sendsTable).GetAsync(sendId);

    /// <summary>Waits, at most <paramref name="timeout"/>, until the send is complete; its last summary.</summary>
    public async Task<SendSummary?> CompleteAsync(string sendId, TimeSpan timeout)
    {
        SendSummary? summary = null;
        await PublishWorkerPool.WaitUntilAsync(
            async () =>
            {
                summary = await SummaryAsync(sendId);
                return summary?.Complete == true;
            },
            timeout);
        return summary;
    }

    /// <summary>How many messages the queue still holds, visible or not.</summary>
    public int Queued => _sqsServer.Count(new Uri(_queueUrl).Segments[^1]);

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        _sqs.Dispose();
        _dynamoDb.Dispose();
        await _sqsServer.DisposeAsync();
    }
}
