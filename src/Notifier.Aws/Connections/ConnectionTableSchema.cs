using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Notifier.Aws.Connections;

/// <summary>The one definition of the DynamoDB connections table: attribute names, index and creation request.</summary>
/// <remarks>
/// Partition key <c>connectionId</c> (S); a global secondary index <c>byUser</c> keyed on <c>userId</c>
/// that projects every attribute, so listing a user's devices needs no second read. <c>expiresAt</c>
/// (epoch seconds) is the attribute to enable as the table's TTL; <c>connectedAt</c> is epoch milliseconds.
/// The store, the tests, the local tools and the deployment template all take their names from here.
/// </remarks>
public static class ConnectionTableSchema
{
    /// <summary>The partition key: API Gateway's connection id (S).</summary>
    public const string ConnectionId = "connectionId";

    /// <summary>The authorizer's principal id (S); the key of <see cref="ByUserIndex"/>.</summary>
    public const string UserId = "userId";

    /// <summary>The management API base URL that reaches the connection (S).</summary>
    public const string Endpoint = "endpoint";

    /// <summary>When API Gateway accepted the connection, in Unix epoch milliseconds (N).</summary>
    public const string ConnectedAt = "connectedAt";

    /// <summary>When the record may be dropped, in Unix epoch seconds (N): the table's TTL attribute.</summary>
    public const string ExpiresAt = "expiresAt";

    /// <summary>The client's address (S); absent when unknown.</summary>
    public const string SourceIp = "sourceIp";

    /// <summary>The subprotocol <c>$connect</c> chose (S), e.g. <c>notifier.v1</c>; absent when none. Topic subscription items carry it too.</summary>
    public const string Protocol = "protocol";

    /// <summary>The global secondary index that lists a user's connections.</summary>
    public const string ByUserIndex = "byUser";

    /// <summary>Builds the request that creates the connections table (on-demand capacity, with <see cref="ByUserIndex"/>).</summary>
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
                new AttributeDefinition(ConnectionId, ScalarAttributeType.S),
                new AttributeDefinition(UserId, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(ConnectionId, KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByUserIndex,
                    KeySchema = [new KeySchemaElement(UserId, KeyType.HASH)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        };
    }
}
