using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Notifier.Aws.Sends;

/// <summary>The one definition of the DynamoDB sends table: the ledger of a sharded send, one item per shard.</summary>
/// <remarks>
/// Partition key <c>messageId</c> (S), sort key <c>shard</c> (S): a send's shards are one Query. A shard is pending until
/// it carries <c>done</c>; <c>claimedBy</c> names the queue message running it, and a done shard carries its five counts.
/// <c>expiresAt</c> (epoch seconds, a day after the shard was first written) is the table's TTL attribute.
/// </remarks>
public static class SendTableSchema
{
    /// <summary>The partition key: the send's id, the message id its <c>202</c> answer gave (S).</summary>
    public const string MessageId = "messageId";

    /// <summary>The sort key: the shard's id within its send (S).</summary>
    public const string Shard = "shard";

    /// <summary>The queue message that runs the shard (S); absent until one claims it.</summary>
    public const string ClaimedBy = "claimedBy";

    /// <summary>True once the shard has finished (BOOL); absent while it is pending.</summary>
    public const string Done = "done";

    /// <summary>Connections the shard addressed (N).</summary>
    public const string Recipients = "recipients";

    /// <summary>Connections that received the message (N).</summary>
    public const string Delivered = "delivered";

    /// <summary>Connections that answered 410 Gone (N).</summary>
    public const string Gone = "gone";

    /// <summary>Connections throttled at least once (N).</summary>
    public const string Throttled = "throttled";

    /// <summary>Connections the message did not reach (N).</summary>
    public const string Failed = "failed";

    /// <summary>When the entry may be dropped, in Unix epoch seconds (N): the table's TTL attribute.</summary>
    public const string ExpiresAt = "expiresAt";

    /// <summary>Builds the request that creates the sends table (on-demand capacity).</summary>
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
                new AttributeDefinition(MessageId, ScalarAttributeType.S),
                new AttributeDefinition(Shard, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(MessageId, KeyType.HASH), new KeySchemaElement(Shard, KeyType.RANGE)],
        };
    }
}
