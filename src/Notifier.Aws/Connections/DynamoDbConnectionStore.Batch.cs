using Amazon.DynamoDBv2.Model;
using Notifier.Core.Connections;

namespace Notifier.Aws.Connections;

public sealed partial class DynamoDbConnectionStore
{
    /// <summary>DynamoDB's limit on the requests in one <c>BatchWriteItem</c>.</summary>
    private const int MaxBatchWriteItems = 25;

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

            var delay = BackoffDelay(attempt);
            DynamoDbConnectionStoreLog.UnprocessedDeletes(_logger, pending.Count, table, attempt, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Full jitter: a random delay up to base * 2^(attempt - 1), capped.</summary>
    private TimeSpan BackoffDelay(int attempt)
    {
        var ceiling = _options.BatchWriteBaseDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        if (ceiling > _options.BatchWriteMaxDelay)
        {
            ceiling = _options.BatchWriteMaxDelay;
        }

        return ceiling * Random.Shared.NextDouble();
    }
}
