using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Aws.Topics;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.Sharding;
using Notifier.Core.Topics;

namespace Notifier.Aws.Connections;

/// <summary>Keeps connections in a DynamoDB table shaped by <see cref="ConnectionTableSchema"/>.</summary>
/// <remarks>
/// Uses the low-level <see cref="IAmazonDynamoDB"/> client only (no object persistence), so it is trim and
/// Native AOT safe. TTL deletion is lazy (up to days late), so reads treat a record whose <c>expiresAt</c> has
/// passed as absent, using the injected clock. Failures of the store itself (unreachable, timed out,
/// throttled beyond the SDK's retries, missing table) surface as <see cref="ConnectionStoreException"/>;
/// cancellation by the caller stays an <see cref="OperationCanceledException"/>.
/// <para>
/// Subscriptions live in <see cref="DynamoDbConnectionStoreOptions.TopicsTableName"/>, shaped by <see cref="TopicTableSchema"/>.
/// A topic's subscriptions are spread over <see cref="DynamoDbConnectionStoreOptions.TopicPartitions"/> partition keys
/// (<c>{topic}#{n}</c>, n from the connection id), so no popular topic is one hot partition.
/// Reads of a topic are consistent Queries on the table, one per partition, run at once; a connection's subscriptions are read from the
/// <see cref="TopicTableSchema.ByConnectionIndex"/> index, which is eventually consistent: a subscription made a
/// moment before its connection is removed may survive that removal, until a send's 410 prunes it or its TTL ends it.
/// </para>
/// </remarks>
public sealed class DynamoDbConnectionStore : IConnectionStore, ITopicStore, IRecipientPages
{
    /// <summary>How many records the parallel scan may read ahead of the consumer.</summary>
    private const int ScanBufferSize = 256;

    /// <summary>DynamoDB's limit on the segments of one parallel scan.</summary>
    private const int MaxScanSegments = 1_000_000;

    /// <summary>DynamoDB's limit on the requests in one <c>BatchWriteItem</c>.</summary>
    private const int MaxBatchWriteItems = 25;

    /// <summary>How many connections' subscriptions are looked up at once when many connections are removed.</summary>
    /// <remarks>Small, so that pruning a large send's 410s stays within the table's read capacity.</remarks>
    private const int SubscriptionLookupConcurrency = 4;

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly DynamoDbConnectionStoreOptions _options;

    /// <summary>Creates a store over <paramref name="tableName"/>; the caller owns <paramref name="client"/>.</summary>
    public DynamoDbConnectionStore(
        IAmazonDynamoDB client,
        string tableName,
        TimeProvider? timeProvider = null,
        ILogger<DynamoDbConnectionStore>? logger = null,
        DynamoDbConnectionStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _client = client;
        _tableName = tableName;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DynamoDbConnectionStore>.Instance;
        _options = options ?? new DynamoDbConnectionStoreOptions();
        _options.Validate();
    }

    /// <summary>The table this store reads and writes.</summary>
    public string TableName => _tableName;

    public Task AddAsync(ConnectionRecord connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var request = new PutItemRequest { TableName = _tableName, Item = ConnectionItem.ToItem(connection) };
        return CallAsync("PutItem", token => _client.PutItemAsync(request, token), cancellationToken);
    }

    /// <remarks>The connection's subscriptions go first, so that a failure leaves the record for a retry to find.</remarks>
    public async Task<bool> RemoveAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        await RemoveSubscriptionsAsync([connectionId], cancellationToken).ConfigureAwait(false);
        var request = new DeleteItemRequest
        {
            TableName = _tableName,
            Key = ConnectionItem.Key(connectionId),
            ReturnValues = ReturnValue.ALL_OLD,
        };
        var response = await CallAsync("DeleteItem", token => _client.DeleteItemAsync(request, token), cancellationToken)
            .ConfigureAwait(false);
        return response.Attributes is { Count: > 0 };
    }

    /// <remarks>
    /// Deletes each connection's subscriptions first (when the store keeps topics), then sends
    /// <c>BatchWriteItem</c> deletes in chunks of 25 (duplicates removed: DynamoDB rejects a batch that
    /// names a key twice). Unprocessed items (throttling) are resent after a jittered exponential backoff;
    /// when some are still unprocessed after <see cref="DynamoDbConnectionStoreOptions.BatchWriteMaxAttempts"/>
    /// sends, a <see cref="ConnectionStoreException"/> says how many. Unknown ids are not an error.
    /// </remarks>
    public async Task RemoveManyAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        cancellationToken.ThrowIfCancellationRequested();
        var distinct = connectionIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal);
        foreach (var chunk in distinct.Chunk(MaxBatchWriteItems))
        {
            await RemoveSubscriptionsAsync(chunk, cancellationToken).ConfigureAwait(false);
            await DeleteKeysAsync(_tableName, chunk.Select(ConnectionItem.Key), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ConnectionRecord?> GetAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var request = new GetItemRequest
        {
            TableName = _tableName,
            Key = ConnectionItem.Key(connectionId),
            ConsistentRead = true,
        };
        var response = await CallAsync("GetItem", token => _client.GetItemAsync(request, token), cancellationToken)
            .ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? ReadLive(item) : null;
    }

    /// <remarks>
    /// Queries the <see cref="ConnectionTableSchema.ByUserIndex"/> index page by page. Global secondary
    /// indexes are eventually consistent, so a connection added a moment ago may not be listed yet.
    /// </remarks>
    public async Task<IReadOnlyList<ConnectionRecord>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var request = new QueryRequest
        {
            TableName = _tableName,
            IndexName = ConnectionTableSchema.ByUserIndex,
            KeyConditionExpression = "#user = :user",
            ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#user"] = ConnectionTableSchema.UserId },
            ExpressionAttributeValues = new(StringComparer.Ordinal) { [":user"] = new AttributeValue { S = userId } },
            Limit = _options.PageSize,
        };
        var records = new List<ConnectionRecord>();
        await foreach (var item in QueryAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (ReadLive(item) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <remarks>
    /// Scans <see cref="DynamoDbConnectionStoreOptions.ScanSegments"/> segments in parallel and streams records
    /// as pages arrive, in no particular order. The first failing segment stops the others and its
    /// <see cref="ConnectionStoreException"/> reaches the consumer; leaving the loop early stops every segment.
    /// </remarks>
    public IAsyncEnumerable<ConnectionRecord> ListAllAsync(CancellationToken cancellationToken = default) =>
        ChannelMerge.MergeAsync(_options.ScanSegments, (segment, token) => ScanSegmentAsync(segment, _options.ScanSegments, token), ScanBufferSize, cancellationToken);

    /// <summary>How many sub-partitions each topic's subscriptions are written to (<see cref="DynamoDbConnectionStoreOptions.TopicPartitions"/>).</summary>
    public int TopicPartitions => _options.TopicPartitions;

    /// <remarks>
    /// Every connection: a Scan of segment <see cref="RecipientRange.Part"/> of <see cref="RecipientRange.Parts"/>. A
    /// topic: a consistent Query of its sub-partition <c>{topic}#{part}</c>, so <see cref="RecipientRange.Parts"/> must be
    /// <see cref="TopicPartitions"/>. Pages are read until <paramref name="limit"/> items have been read or the range
    /// ends; the cursor is the last key read.
    /// </remarks>
    public async Task<RecipientPage> ReadPageAsync(RecipientRange range, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(range.Parts, 1, nameof(range));
        if (range.Part < 0 || range.Part >= range.Parts)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range.Part, "The part must be from 0 to parts - 1.");
        }

        if (range.Topic is not null && range.Parts != TopicPartitions)
        {
            throw new ArgumentException($"A topic's range has exactly {TopicPartitions} parts (the store's topic partitions), not {range.Parts}.", nameof(range));
        }

        if (range.Topic is null && range.Parts > MaxScanSegments)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range.Parts, "DynamoDB scans at most 1,000,000 segments.");
        }

        string[] keyNames = range.Topic is null ? [ConnectionTableSchema.ConnectionId] : [TopicTableSchema.Topic, TopicTableSchema.ConnectionId];
        var startKey = cursor is null ? null : PageCursor.Decode(cursor, keyNames, nameof(cursor));
        var partitionKey = range.Topic is null ? null : PartitionKey(range.Topic, range.Part);
        if (partitionKey is not null && startKey is not null && startKey[TopicTableSchema.Topic].S != partitionKey)
        {
            throw new ArgumentException("The cursor is not one a page read of this range returned.", nameof(cursor));
        }

        var records = new List<ConnectionRecord>();
        var read = 0;
        do
        {
            var ask = Math.Min(limit - read, _options.PageSize ?? int.MaxValue);
            List<Dictionary<string, AttributeValue>>? items;
            if (partitionKey is null)
            {
                var request = new ScanRequest
                {
                    TableName = _tableName,
                    Segment = range.Part,
                    TotalSegments = range.Parts,
                    ExclusiveStartKey = startKey,
                    Limit = ask,
                };
                var response = await CallAsync("Scan", token => _client.ScanAsync(request, token), cancellationToken).ConfigureAwait(false);
                (items, startKey) = (response.Items, NextPage(response.LastEvaluatedKey));
            }
            else
            {
                var request = TopicQuery(partitionKey);
                request.ExclusiveStartKey = startKey;
                request.Limit = ask;
                var response = await CallAsync("Query", token => _client.QueryAsync(request, token), cancellationToken).ConfigureAwait(false);
                (items, startKey) = (response.Items, NextPage(response.LastEvaluatedKey));
            }

            foreach (var item in items ?? [])
            {
                read++;
                if (ReadLive(item) is { } record)
                {
                    records.Add(record);
                }
            }
        }
        while (startKey is not null && read < limit);

        return new RecipientPage(records, PageCursor.Encode(startKey));
    }

    /// <remarks>Written under the topic's sub-partition for this connection (<see cref="TopicTableSchema"/>).</remarks>
    public Task SubscribeAsync(ConnectionRecord connection, string topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var item = ConnectionItem.ToItem(connection);
        item[TopicTableSchema.Topic] = new AttributeValue { S = PartitionKey(topic, connection.ConnectionId) };
        var request = new PutItemRequest { TableName = TopicsTable, Item = item };
        return CallAsync("PutItem", token => _client.PutItemAsync(request, token), cancellationToken);
    }

    public async Task<bool> UnsubscribeAsync(string connectionId, string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var request = new DeleteItemRequest
        {
            TableName = TopicsTable,
            Key = SubscriptionKey(PartitionKey(topic, connectionId), connectionId),
            ReturnValues = ReturnValue.ALL_OLD,
        };
        var response = await CallAsync("DeleteItem", token => _client.DeleteItemAsync(request, token), cancellationToken).ConfigureAwait(false);
        return response.Attributes is { Count: > 0 };
    }

    public async Task<IReadOnlyList<string>> ListTopicsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var topics = new List<string>();
        await foreach (var item in SubscriptionsOfAsync(connectionId, cancellationToken).ConfigureAwait(false))
        {
            if (item.TryGetValue(TopicTableSchema.Topic, out var topic) && TopicOf(topic.S) is { } name && !HasExpired(item, now))
            {
                topics.Add(name);
            }
        }

        return topics;
    }

    /// <remarks>Queries every sub-partition of the topic at once and streams records as pages arrive, in no particular order.</remarks>
    public IAsyncEnumerable<ConnectionRecord> ListSubscribersAsync(string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return ChannelMerge.MergeAsync(TopicPartitions, (part, token) => SubscribersInAsync(PartitionKey(topic, part), token), ScanBufferSize, cancellationToken);
    }

    /// <remarks>Counts every sub-partition of the topic at once.</remarks>
    public async Task<int> CountSubscribersAsync(string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var counts = await Task.WhenAll(Enumerable.Range(0, TopicPartitions).Select(part => CountPartitionAsync(PartitionKey(topic, part), cancellationToken)))
            .ConfigureAwait(false);
        return counts.Sum();
    }

    /// <summary>The partition key of <paramref name="connectionId"/>'s subscription to <paramref name="topic"/>.</summary>
    private string PartitionKey(string topic, string connectionId) =>
        PartitionKey(topic, RecipientPartition.Of(connectionId, TopicPartitions));

    private static string PartitionKey(string topic, int part) =>
        string.Create(CultureInfo.InvariantCulture, $"{topic}{TopicTableSchema.PartitionSeparator}{part}");

    /// <summary>The topic name of a partition key, or null when it is not one.</summary>
    /// <remarks>Topic names cannot hold the separator, so the last one starts the partition number.</remarks>
    private static string? TopicOf(string? partitionKey)
    {
        var at = partitionKey?.LastIndexOf(TopicTableSchema.PartitionSeparator) ?? -1;
        return at > 0 ? partitionKey![..at] : null;
    }

    private async IAsyncEnumerable<ConnectionRecord> SubscribersInAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in QueryAsync(TopicQuery(partitionKey), cancellationToken).ConfigureAwait(false))
        {
            if (ReadLive(item) is { } record)
            {
                yield return record;
            }
        }
    }

    private async Task<int> CountPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var request = TopicQuery(partitionKey);
        request.Select = Select.COUNT;
        request.FilterExpression = "#expires > :now";
        request.ExpressionAttributeNames["#expires"] = TopicTableSchema.ExpiresAt;
        request.ExpressionAttributeValues[":now"] = new AttributeValue { N = _timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        var count = 0;
        await foreach (var page in QueryPagesAsync(request, cancellationToken).ConfigureAwait(false))
        {
            count += page.Count ?? 0;
        }

        return count;
    }

    /// <summary>Reads an item, or null when it is malformed or expired.</summary>
    private ConnectionRecord? ReadLive(Dictionary<string, AttributeValue> item)
    {
        var record = ConnectionItem.FromItem(item);
        if (record is null)
        {
            DynamoDbConnectionStoreLog.MalformedItem(_logger, _tableName);
            return null;
        }

        return record.ExpiresAt > _timeProvider.GetUtcNow() ? record : null;
    }

    /// <summary>Streams the items of every page of <paramref name="request"/> (which this call pages through).</summary>
    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(
        QueryRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in QueryPagesAsync(request, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items ?? [])
            {
                yield return item;
            }
        }
    }

    /// <summary>Streams every page of <paramref name="request"/>, setting its start key for each next page.</summary>
    private async IAsyncEnumerable<QueryResponse> QueryPagesAsync(
        QueryRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            var response = await CallAsync("Query", token => _client.QueryAsync(request, token), cancellationToken).ConfigureAwait(false);
            yield return response;
            request.ExclusiveStartKey = NextPage(response.LastEvaluatedKey);
        }
        while (request.ExclusiveStartKey is not null);
    }

    private static Dictionary<string, AttributeValue>? NextPage(Dictionary<string, AttributeValue>? lastEvaluatedKey) =>
        lastEvaluatedKey is { Count: > 0 } ? lastEvaluatedKey : null;

    /// <summary>Streams the live records of one scan segment, page by page.</summary>
    private async IAsyncEnumerable<ConnectionRecord> ScanSegmentAsync(int segment, int totalSegments, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var request = new ScanRequest
            {
                TableName = _tableName,
                Segment = segment,
                TotalSegments = totalSegments,
                ExclusiveStartKey = startKey,
                Limit = _options.PageSize,
            };
            var response = await CallAsync("Scan", token => _client.ScanAsync(request, token), cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                if (ReadLive(item) is { } record)
                {
                    yield return record;
                }
            }

            startKey = NextPage(response.LastEvaluatedKey);
        }
        while (startKey is not null);
    }

    /// <summary>Deletes every subscription of <paramref name="connectionIds"/>; nothing when the store keeps no topics.</summary>
    private async Task RemoveSubscriptionsAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken)
    {
        if (_options.TopicsTableName is not { } table)
        {
            return;
        }

        // One index Query per connection: run a few at once, since a prune has only what is left of its send's time.
        var keys = new List<Dictionary<string, AttributeValue>>();
        await Parallel.ForEachAsync(
            connectionIds,
            new ParallelOptions { MaxDegreeOfParallelism = SubscriptionLookupConcurrency, CancellationToken = cancellationToken },
            async (connectionId, token) =>
            {
                await foreach (var item in SubscriptionsOfAsync(connectionId, token).ConfigureAwait(false))
                {
                    // The index holds the partition key as written (topic#n), which is the key to delete.
                    if (item.TryGetValue(TopicTableSchema.Topic, out var topic) && topic.S is { Length: > 0 } partitionKey)
                    {
                        var key = SubscriptionKey(partitionKey, connectionId);
                        lock (keys)
                        {
                            keys.Add(key);
                        }
                    }
                }
            }).ConfigureAwait(false);

        await DeleteKeysAsync(table, keys, cancellationToken).ConfigureAwait(false);
    }

    private IAsyncEnumerable<Dictionary<string, AttributeValue>> SubscriptionsOfAsync(string connectionId, CancellationToken cancellationToken) =>
        QueryAsync(
            new QueryRequest
            {
                TableName = TopicsTable,
                IndexName = TopicTableSchema.ByConnectionIndex,
                KeyConditionExpression = "#connection = :connection",
                ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#connection"] = TopicTableSchema.ConnectionId },
                ExpressionAttributeValues = new(StringComparer.Ordinal) { [":connection"] = new AttributeValue { S = connectionId } },
                Limit = _options.PageSize,
            },
            cancellationToken);

    private QueryRequest TopicQuery(string partitionKey) => new()
    {
        TableName = TopicsTable,
        KeyConditionExpression = "#topic = :topic",
        ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#topic"] = TopicTableSchema.Topic },
        ExpressionAttributeValues = new(StringComparer.Ordinal) { [":topic"] = new AttributeValue { S = partitionKey } },
        ConsistentRead = true,
        Limit = _options.PageSize,
    };

    private string TopicsTable => _options.TopicsTableName
        ?? throw new ConnectionStoreException("This DynamoDB store keeps no topics: no topics table is configured.");

    private static Dictionary<string, AttributeValue> SubscriptionKey(string partitionKey, string connectionId) => new(StringComparer.Ordinal)
    {
        [TopicTableSchema.Topic] = new AttributeValue { S = partitionKey },
        [TopicTableSchema.ConnectionId] = new AttributeValue { S = connectionId },
    };

    private static bool HasExpired(Dictionary<string, AttributeValue> item, long nowSeconds) =>
        item.TryGetValue(TopicTableSchema.ExpiresAt, out var expires)
        && long.TryParse(expires.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
        && seconds <= nowSeconds;

    /// <summary>Deletes the items with <paramref name="keys"/> from <paramref name="table"/> in batches of 25.</summary>
    private async Task DeleteKeysAsync(string table, IEnumerable<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        foreach (var chunk in keys.Chunk(MaxBatchWriteItems))
        {
            var writes = chunk.Select(key => new WriteRequest { DeleteRequest = new DeleteRequest { Key = key } }).ToList();
            await DeleteBatchAsync(table, writes, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteBatchAsync(string table, List<WriteRequest> writes, CancellationToken cancellationToken)
    {
        var pending = writes;
        for (var attempt = 1; ; attempt++)
        {
            var request = new BatchWriteItemRequest
            {
                RequestItems = new(StringComparer.Ordinal) { [table] = pending },
            };
            var response = await CallAsync("BatchWriteItem", token => _client.BatchWriteItemAsync(request, token), cancellationToken)
                .ConfigureAwait(false);
            if (response.UnprocessedItems is null
                || !response.UnprocessedItems.TryGetValue(table, out var unprocessed)
                || unprocessed is not { Count: > 0 })
            {
                return;
            }

            pending = unprocessed;
            if (attempt >= _options.BatchWriteMaxAttempts)
            {
                DynamoDbConnectionStoreLog.UnprocessedDeletesGivenUp(_logger, pending.Count, table, attempt);
                throw new ConnectionStoreException(
                    $"DynamoDB BatchWriteItem on table '{table}' left {pending.Count} deletes unprocessed after {attempt} attempts.");
            }

            var delay = Backoff.Delay(attempt - 1, _options.BatchWriteBaseDelay, _options.BatchWriteMaxDelay);
            DynamoDbConnectionStoreLog.UnprocessedDeletes(_logger, pending.Count, table, attempt, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one SDK call, translating a failure of the store into <see cref="ConnectionStoreException"/>.</summary>
    private Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        DynamoDbCall.RunAsync(_logger, operation, _tableName, call, cancellationToken);
}
