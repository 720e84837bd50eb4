using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Notifier.Aws.History;

/// <summary>The one definition of the DynamoDB messages table: every stream's messages by number, and the stream's counter.</summary>
/// <remarks>
/// Partition key <c>stream</c> (S), sort key <c>seq</c> (N): a resume is one Query of <c>seq &gt; after</c>. Each message item
/// carries its <c>id</c> (S), the <c>message</c> as published (S, compact JSON) and <c>expiresAt</c> (epoch seconds, N), the
/// table's TTL attribute. The item at <c>seq = 0</c> is the stream's counter: its <c>last</c> (N) is the last number given,
/// raised by an atomic <c>ADD</c>; it carries no <c>expiresAt</c>, so a stream's numbers never start again.
/// </remarks>
public static class MessageTableSchema
{
    /// <summary>The partition key: the stream's name, <c>user:{userId}</c> or a topic (S).</summary>
    public const string Stream = "stream";

    /// <summary>The sort key: the message's number in its stream, from 1; 0 is the counter (N).</summary>
    public const string Seq = "seq";

    /// <summary>The message's id, the same in every stream it went to (S).</summary>
    public const string Id = "id";

    /// <summary>The message as published: compact JSON (S).</summary>
    public const string Message = "message";

    /// <summary>When the message may be dropped, in Unix epoch seconds (N): the table's TTL attribute.</summary>
    public const string ExpiresAt = "expiresAt";

    /// <summary>The counter item's attribute: the stream's last number (N).</summary>
    public const string Last = "last";

    /// <summary>The sort key of the stream's counter item.</summary>
    public const long CounterSeq = 0;

    /// <summary>Builds the request that creates the messages table (on-demand capacity).</summary>
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
                new AttributeDefinition(Stream, ScalarAttributeType.S),
                new AttributeDefinition(Seq, ScalarAttributeType.N),
            ],
            KeySchema = [new KeySchemaElement(Stream, KeyType.HASH), new KeySchemaElement(Seq, KeyType.RANGE)],
        };
    }
}
