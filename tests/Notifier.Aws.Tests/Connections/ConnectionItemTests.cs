using Amazon.DynamoDBv2.Model;
using Notifier.Aws.Connections;
using Notifier.Core.Connections;

namespace Notifier.Aws.Tests.Connections;

public sealed class ConnectionItemTests
{
    private static readonly DateTimeOffset ConnectedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_674_162_806_344);

    [Fact]
    public void FromItem_ItemFromToItem_KeepsMillisecondsOfConnectedAtAndWholeSecondsOfExpiresAt()
    {
        var record = new ConnectionRecord("a+b/c=", "user-1", "https://example.com/prod", ConnectedAt, ConnectionLifetime.ExpiresAt(ConnectedAt), "203.0.113.7");

        var read = ConnectionItem.FromItem(ConnectionItem.ToItem(record));

        Assert.Equal(record with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(record.ExpiresAt.ToUnixTimeSeconds()) }, read);
    }

    [Fact]
    public void FromItem_ItemFromToItem_KeepsTheProtocol()
    {
        var record = new ConnectionRecord("id", "user-1", "https://example.com/prod", ConnectedAt, ConnectionLifetime.ExpiresAt(ConnectedAt), Protocol: "notifier.v1");

        var item = ConnectionItem.ToItem(record);

        Assert.Equal("notifier.v1", item[ConnectionTableSchema.Protocol].S);
        Assert.Equal("protocol", ConnectionTableSchema.Protocol);
        Assert.Equal("notifier.v1", ConnectionItem.FromItem(item)!.Protocol);
    }

    [Fact]
    public void ToItem_NoProtocol_LeavesTheAttributeOut()
    {
        var record = new ConnectionRecord("id", "user-1", "https://example.com/prod", ConnectedAt, ConnectionLifetime.ExpiresAt(ConnectedAt), "203.0.113.7");

        var item = ConnectionItem.ToItem(record);

        Assert.False(item.ContainsKey(ConnectionTableSchema.Protocol));
        Assert.Null(ConnectionItem.FromItem(item)!.Protocol);
    }

    [Fact]
    public void ToItem_NoSourceIp_LeavesTheAttributeOut()
    {
        var record = new ConnectionRecord("id", "user-1", "https://example.com/prod", ConnectedAt, ConnectionLifetime.ExpiresAt(ConnectedAt));

        var item = ConnectionItem.ToItem(record);

        Assert.False(item.ContainsKey(ConnectionTableSchema.SourceIp));
        Assert.Null(ConnectionItem.FromItem(item)!.SourceIp);
    }

    [Theory]
    [InlineData(ConnectionTableSchema.ExpiresAt, "99999999999999999")]
    [InlineData(ConnectionTableSchema.ExpiresAt, "-1")]
    [InlineData(ConnectionTableSchema.ExpiresAt, "1.5")]
    [InlineData(ConnectionTableSchema.ConnectedAt, "not-a-number")]
    public void FromItem_NumberOutOfRangeOrMalformed_ReturnsNull(string attribute, string number)
    {
        var item = ConnectionItem.ToItem(new ConnectionRecord("id", "user-1", "https://example.com/prod", ConnectedAt, ConnectionLifetime.ExpiresAt(ConnectedAt)));
        item[attribute] = new AttributeValue { N = number };

        Assert.Null(ConnectionItem.FromItem(item));
    }

    [Theory]
    [InlineData(ConnectionTableSchema.UserId)]
    [InlineData(ConnectionTableSchema.Endpoint)]
    [InlineData(ConnectionTableSchema.ConnectedAt)]
    [InlineData(ConnectionTableSchema.ExpiresAt)]
    public void FromItem_RequiredAttributeMissing_ReturnsNull(string attribute)
    {
        var item = ConnectionItem.ToItem(new ConnectionRecord("id", "user-1", "https://example.com/prod", ConnectedAt, ConnectionLifetime.ExpiresAt(ConnectedAt)));
        item.Remove(attribute);

        Assert.Null(ConnectionItem.FromItem(item));
    }
}
