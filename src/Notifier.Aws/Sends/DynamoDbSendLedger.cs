using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Aws.Connections;
using Notifier.Core.Connections;
using Notifier.Core.Sharding;

namespace Notifier.Aws.Sends;

/// <summary>Keeps the ledger of sharded sends in a DynamoDB table shaped by <see cref="SendTableSchema"/>.</summary>
/// <remarks>
/// Every change is one conditional write, so two copies of a shard racing each other cannot both claim it, and a
/// shard finished twice is counted once. TTL deletion is lazy, so reads treat an entry whose <c>expiresAt</c> has
/// passed as absent, using the injected clock. Failures of DynamoDB surface as <see cref="ConnectionStoreException"/>;
/// cancellation by the caller stays an <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class DynamoDbSendLedger : ISendLedger
{
    /// <summary>How many shards are written at once by <see cref="AddShardsAsync"/>.</summary>
    /// <remarks>Small: a send has a few dozen shards at most, and the writes must not crowd out the send itself.</remarks>
    private const int AddConcurrency = 4;

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a ledger over <paramref name="tableName"/>; the caller owns <paramref name="client"/>.</summary>
    public DynamoDbSendLedger(
        IAmazonDynamoDB client,
        string tableName,
        TimeProvider? timeProvider = null,
        ILogger<DynamoDbSendLedger>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _client = client;
        _tableName = tableName;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DynamoDbSendLedger>.Instance;
    }

    /// <summary>The table this ledger reads and writes.</summary>
    public string TableName => _tableName;

    /// <remarks>One conditional <c>PutItem</c> per shard, a few at once; an existing live entry is left as it is, an expired one replaced.</remarks>
    public async Task AddShardsAsync(string sendId, IReadOnlyCollection<string> shardIds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sendId);
        ArgumentNullException.ThrowIfNull(shardIds);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        await Parallel.ForEachAsync(
            shardIds.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = AddConcurrency, CancellationToken = cancellationToken },
            async (shardId, token) =>
            {
                var request = new PutItemRequest
                {
                    TableName = _tableName,
                    Item = new(StringComparer.Ordinal)
                    {
                        [SendTableSchema.MessageId] = new AttributeValue { S = sendId },
                        [SendTableSchema.Shard] = new AttributeValue { S = shardId },
                        [SendTableSchema.ExpiresAt] = Seconds(now + InMemorySendLedger.Retention),
                    },
                    ConditionExpression = "attribute_not_exists(#shard) OR #expires <= :now",
                    ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#shard"] = SendTableSchema.Shard, ["#expires"] = SendTableSchema.ExpiresAt },
                    ExpressionAttributeValues = new(StringComparer.Ordinal) { [":now"] = Seconds(now) },
                };
                await ConditionalAsync("PutItem", t => _client.PutItemAsync(request, t), token).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <remarks>An <c>UpdateItem</c> that sets <c>claimedBy</c> unless the shard is done or claimed by another message.</remarks>
    public Task<bool> ClaimAsync(string sendId, string shardId, string attemptId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sendId);
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        ArgumentException.ThrowIfNullOrEmpty(attemptId);
        var now = _timeProvider.GetUtcNow();
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = Key(sendId, shardId),
            UpdateExpression = "SET #claimedBy = :attempt, #expires = if_not_exists(#expires, :expires)",
            ConditionExpression = "attribute_not_exists(#done) AND (attribute_not_exists(#claimedBy) OR #claimedBy = :attempt)",
            ExpressionAttributeNames = new(StringComparer.Ordinal)
            {
                ["#claimedBy"] = SendTableSchema.ClaimedBy,
                ["#done"] = SendTableSchema.Done,
                ["#expires"] = SendTableSchema.ExpiresAt,
            },
            ExpressionAttributeValues = new(StringComparer.Ordinal)
            {
                [":attempt"] = new AttributeValue { S = attemptId },
                [":expires"] = Seconds(now + InMemorySendLedger.Retention),
            },
        };
        return ConditionalAsync("UpdateItem", token => _client.UpdateItemAsync(request, token), cancellationToken);
    }

    /// <remarks>An <c>UpdateItem</c> that sets <c>done</c> and the counts unless the shard is done already.</remarks>
    public Task CompleteAsync(string sendId, string shardId, ShardCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sendId);
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        ArgumentNullException.ThrowIfNull(counts);
        var now = _timeProvider.GetUtcNow();
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = Key(sendId, shardId),
            UpdateExpression = "SET #done = :true, #recipients = :recipients, #delivered = :delivered, #gone = :gone, "
                + "#throttled = :throttled, #failed = :failed, #expires = if_not_exists(#expires, :expires)",
            ConditionExpression = "attribute_not_exists(#done)",
            ExpressionAttributeNames = new(StringComparer.Ordinal)
            {
                ["#done"] = SendTableSchema.Done,
                ["#recipients"] = SendTableSchema.Recipients,
                ["#delivered"] = SendTableSchema.Delivered,
                ["#gone"] = SendTableSchema.Gone,
                ["#throttled"] = SendTableSchema.Throttled,
                ["#failed"] = SendTableSchema.Failed,
                ["#expires"] = SendTableSchema.ExpiresAt,
            },
            ExpressionAttributeValues = new(StringComparer.Ordinal)
            {
                [":true"] = new AttributeValue { BOOL = true },
                [":recipients"] = Number(counts.Recipients),
                [":delivered"] = Number(counts.Delivered),
                [":gone"] = Number(counts.Gone),
                [":throttled"] = Number(counts.Throttled),
                [":failed"] = Number(counts.Failed),
                [":expires"] = Seconds(now + InMemorySendLedger.Retention),
            },
        };

        // A failed condition is a shard finished already: its first counts stand.
        return ConditionalAsync("UpdateItem", token => _client.UpdateItemAsync(request, token), cancellationToken);
    }

    /// <remarks>A consistent Query of the send's shards, paged; expired entries are left out.</remarks>
    public async Task<SendSummary?> GetAsync(string sendId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sendId);
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var request = new QueryRequest
        {
            TableName = _tableName,
            KeyConditionExpression = "#id = :id",
            ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#id"] = SendTableSchema.MessageId },
            ExpressionAttributeValues = new(StringComparer.Ordinal) { [":id"] = new AttributeValue { S = sendId } },
            ConsistentRead = true,
        };
        int total = 0, done = 0;
        long recipients = 0, delivered = 0, gone = 0, throttled = 0, failed = 0;
        do
        {
            var response = await DynamoDbCall.RunAsync(_logger, "Query", _tableName, token => _client.QueryAsync(request, token), cancellationToken)
                .ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                if (Long(item, SendTableSchema.ExpiresAt) is { } expires && expires <= now)
                {
                    continue;
                }

                total++;
                if (item.TryGetValue(SendTableSchema.Done, out var isDone) && isDone.BOOL == true)
                {
                    done++;
                    recipients += Long(item, SendTableSchema.Recipients) ?? 0;
                    delivered += Long(item, SendTableSchema.Delivered) ?? 0;
                    gone += Long(item, SendTableSchema.Gone) ?? 0;
                    throttled += Long(item, SendTableSchema.Throttled) ?? 0;
                    failed += Long(item, SendTableSchema.Failed) ?? 0;
                }
            }

            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);

        return total == 0
            ? null
            : new SendSummary(sendId, done == total, recipients, delivered, gone, throttled, failed, new ShardTally(total, done));
    }

    /// <summary>Runs a conditional write: true when it was made, false when its condition failed.</summary>
    private Task<bool> ConditionalAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        DynamoDbCall.RunAsync(
            _logger,
            operation,
            _tableName,
            async token =>
            {
                try
                {
                    await call(token).ConfigureAwait(false);
                    return true;
                }
                catch (ConditionalCheckFailedException)
                {
                    return false;
                }
            },
            cancellationToken);

    private static Dictionary<string, AttributeValue> Key(string sendId, string shardId) => new(StringComparer.Ordinal)
    {
        [SendTableSchema.MessageId] = new AttributeValue { S = sendId },
        [SendTableSchema.Shard] = new AttributeValue { S = shardId },
    };

    private static AttributeValue Seconds(DateTimeOffset instant) => Number(instant.ToUnixTimeSeconds());

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static long? Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && long.TryParse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
