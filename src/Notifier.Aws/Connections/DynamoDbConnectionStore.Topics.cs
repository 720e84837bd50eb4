using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Notifier.Aws.Topics;
using Notifier.Core.Connections;
using Notifier.Core.Topics;

namespace Notifier.Aws.Connections;

/// <remarks>
/// Subscriptions live in <see cref="DynamoDbConnectionStoreOptions.TopicsTableName"/>, shaped by <see cref="TopicTableSchema"/>.
/// Reads of a topic are consistent Queries on the table; a connection's subscriptions are read from the
/// <see cref="TopicTableSchema.ByConnectionIndex"/> index, which is eventually consistent: a subscription made a
/// moment before its connection is removed may survive that removal, until a send's 410 prunes it or its TTL ends it.
/// </remarks>
public sealed partial class DynamoDbConnectionStore : ITopicStore
{
    public Task SubscribeAsync(ConnectionRecord connection, string topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var item = ConnectionItem.ToItem(connection);
        item[TopicTableSchema.Topic] = new AttributeValue { S = topic };
        var request = new PutItemRequest { TableName = TopicsTable, Item = item };
        return CallAsync("PutItem", token => _client.PutItemAsync(request, token), cancellationToken);
    }

    public async Task<bool> UnsubscribeAsync(string connectionId, string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var request = new DeleteItemRequest { TableName = TopicsTable, Key = SubscriptionKey(topic, connectionId), ReturnValues = ReturnValue.ALL_OLD };
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
            if (item.TryGetValue(TopicTableSchema.Topic, out var topic) && topic.S is { Length: > 0 } name && !HasExpired(item, now))
            {
                topics.Add(name);
            }
        }

        return topics;
    }

    public async IAsyncEnumerable<ConnectionRecord> ListSubscribersAsync(string topic, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await foreach (var item in QueryAsync(TopicQuery(topic), cancellationToken).ConfigureAwait(false))
        {
            if (ReadLive(item) is { } record)
            {
                yield return record;
            }
        }
    }

    public async Task<int> CountSubscribersAsync(string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var request = TopicQuery(topic);
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

    /// <summary>Deletes every subscription of <paramref name="connectionIds"/>; nothing when the store keeps no topics.</summary>
    private async Task RemoveSubscriptionsAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken)
    {
        if (_options.TopicsTableName is not { } table)
        {
            return;
        }

        var keys = new List<Dictionary<string, AttributeValue>>();
        foreach (var connectionId in connectionIds)
        {
            await foreach (var item in SubscriptionsOfAsync(connectionId, cancellationToken).ConfigureAwait(false))
            {
                if (item.TryGetValue(TopicTableSchema.Topic, out var topic) && topic.S is { Length: > 0 } name)
                {
                    keys.Add(SubscriptionKey(name, connectionId));
                }
            }
        }

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

    private QueryRequest TopicQuery(string topic) => new()
    {
        TableName = TopicsTable,
        KeyConditionExpression = "#topic = :topic",
        ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#topic"] = TopicTableSchema.Topic },
        ExpressionAttributeValues = new(StringComparer.Ordinal) { [":topic"] = new AttributeValue { S = topic } },
        ConsistentRead = true,
        Limit = _options.PageSize,
    };

    private string TopicsTable => _options.TopicsTableName
        ?? throw new ConnectionStoreException("This DynamoDB store keeps no topics: no topics table is configured.");

    private static Dictionary<string, AttributeValue> SubscriptionKey(string topic, string connectionId) => new(StringComparer.Ordinal)
    {
        [TopicTableSchema.Topic] = new AttributeValue { S = topic },
        [TopicTableSchema.ConnectionId] = new AttributeValue { S = connectionId },
    };

    private static bool HasExpired(Dictionary<string, AttributeValue> item, long nowSeconds) =>
        item.TryGetValue(TopicTableSchema.ExpiresAt, out var expires)
        && long.TryParse(expires.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
        && seconds <= nowSeconds;
}
