using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Notifier.Aws.Connections;

namespace Notifier.Aws.Topics;

/// <summary>The one definition of the DynamoDB topics table: one item per subscription, keyed so that nothing needs a Scan.</summary>
/// <remarks>
/// <para>
/// Partition key <c>topic</c> (S) and sort key <c>connectionId</c> (S). The partition key is not the bare topic name but
/// one of its sub-partitions, <c>{topic}#{n}</c>, with n = <c>RecipientPartition.Of(connectionId, partitions)</c> from 0 to
/// the store's <c>TopicPartitions</c> - 1 (default 16): a reconnect storm on one popular topic then writes to 16 keys, not
/// one hot partition, and a send reads the partitions in parallel. A topic's subscribers are one Query per partition;
/// topic names cannot hold <c>#</c>, so the last <c>#</c> starts the partition number. Changing the number of partitions
/// strands the subscriptions written under the old one until their clients subscribe again.
/// </para>
/// <para>
/// The global secondary index <c>byConnection</c> (<c>connectionId</c>, then the partition key <c>topic</c>; keys and
/// <c>expiresAt</c> projected) lists a connection's subscriptions, to enforce the per-connection limit and to
/// delete them when the connection goes. Each item also carries the connection's attributes
/// (<see cref="ConnectionTableSchema"/> names), so a topic send reads no second table, and its
/// <c>expiresAt</c>: the table's TTL attribute, as in the connections table.
/// </para>
/// </remarks>
public static class TopicTableSchema
{
    /// <summary>The partition key: the topic name and its sub-partition, <c>{topic}#{n}</c> (S).</summary>
    public const string Topic = "topic";

    /// <summary>What separates the topic name from its sub-partition number in <see cref="Topic"/>.</summary>
    public const char PartitionSeparator = '#';

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
