using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Connections;

namespace Notifier.Aws.Connections;

/// <summary>Keeps connections in a DynamoDB table shaped by <see cref="ConnectionTableSchema"/>.</summary>
/// <remarks>
/// Uses the low-level <see cref="IAmazonDynamoDB"/> client only (no object persistence), so it is trim and
/// Native AOT safe. TTL deletion is lazy (up to days late), so reads treat a record whose <c>expiresAt</c> has
/// passed as absent, using the injected clock. Failures of the store itself (unreachable, timed out,
/// throttled beyond the SDK's retries, missing table) surface as <see cref="ConnectionStoreException"/>;
/// cancellation by the caller stays an <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed partial class DynamoDbConnectionStore : IConnectionStore
{
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
}
