using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Notifier.Aws.Connections;

namespace Notifier.Aws.Topics;

/// <summary>The one definition of the DynamoDB topics table: one item per subscription, keyed so that nothing needs a Scan.</summary>
/// <remarks>
/// Partition key <c>topic</c> (S) and sort key <c>connectionId</c> (S): a topic's subscribers are one Query.
/// The global secondary index <c>byConnection</c> (<c>connectionId</c>, then <c>topic</c>; keys and
/// <c>expiresAt</c> projected) lists a connection's subscriptions, to enforce the per-connection limit and to
/// delete them when the connection goes. Each item also carries the connection's attributes
/// (<see cref="ConnectionTableSchema"/> names), so a topic send reads no second table, and its
/// <c>expiresAt</c>: the table's TTL attribute, as in the connections table.
/// </remarks>
public static class TopicTableSchema
{
    /// <summary>The partition key: the topic name (S).</summary>
    public const string Topic = "topic";

    /// <summary>The sort key: the subscribed connection's id (S); the key of <see cref="ByConnectionIndex"/>.</summary>
    public const string ConnectionId = ConnectionTableSchema.ConnectionId;

    /// <summary>The TTL attribute, copied from the connection (epoch seconds, N).</summary>
    public const string ExpiresAt = ConnectionTableSchema.ExpiresAt;

    /// <summary>The global secondary index that lists a connection's subscriptions.</summary>
    public const string ByConnectionIndex = "byConnection";

    /// <summary>Builds the request that creates the topics table (on-demand capacity, with <see cref="ByConnectionIndex"/>).</summary>
    /// <remarks>TTL cannot be part of <c>CreateTable</c>; enable it on <see cref="ExpiresAt"/> separately.</remarks>
    public static CreateTableRequest BuildCreateTableRequest(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(Topic, ScalarAttributeType.S),
                new AttributeDefinition(ConnectionId, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(Topic, KeyType.HASH), new KeySchemaElement(ConnectionId, KeyType.RANGE)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByConnectionIndex,
                    KeySchema = [new KeySchemaElement(ConnectionId, KeyType.HASH), new KeySchemaElement(Topic, KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.INCLUDE, NonKeyAttributes = [ExpiresAt] },
                },
            ],
        };
    }
}
