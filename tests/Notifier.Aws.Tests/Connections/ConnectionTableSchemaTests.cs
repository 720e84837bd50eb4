using Amazon.DynamoDBv2;
using Notifier.Aws.Connections;

namespace Notifier.Aws.Tests.Connections;

public sealed class ConnectionTableSchemaTests
{
    [Fact]
    public void BuildCreateTableRequest_TableName_KeysOnConnectionIdOnDemand()
    {
        var request = ConnectionTableSchema.BuildCreateTableRequest("notifier-connections");

        Assert.Equal("notifier-connections", request.TableName);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, request.BillingMode);
        var key = Assert.Single(request.KeySchema);
        Assert.Equal(("connectionId", KeyType.HASH), (key.AttributeName, key.KeyType));
        Assert.Equal(
            [("connectionId", ScalarAttributeType.S), ("userId", ScalarAttributeType.S)],
            request.AttributeDefinitions.Select(a => (a.AttributeName, a.AttributeType)));
    }

    [Fact]
    public void BuildCreateTableRequest_TableName_HasByUserIndexProjectingAll()
    {
        var request = ConnectionTableSchema.BuildCreateTableRequest("notifier-connections");

        var index = Assert.Single(request.GlobalSecondaryIndexes);
        Assert.Equal("byUser", index.IndexName);
        var key = Assert.Single(index.KeySchema);
        Assert.Equal(("userId", KeyType.HASH), (key.AttributeName, key.KeyType));
        Assert.Equal(ProjectionType.ALL, index.Projection.ProjectionType);
        Assert.Null(index.ProvisionedThroughput);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void BuildCreateTableRequest_BlankName_Throws(string tableName)
    {
        Assert.ThrowsAny<ArgumentException>(() => ConnectionTableSchema.BuildCreateTableRequest(tableName));
    }
}
