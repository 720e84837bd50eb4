using System.Text;
using Notifier.Core.Delivery;
using Notifier.Core.Sharding;

namespace Notifier.Core.Tests.Sharding;

public sealed class ShardWorkTests
{
    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{ "text": "caf\u00e9 <b>", "n": [1, 2] }""");

    [Fact]
    public void ToUtf8Json_ReadsBack_FieldForField_WithTheMessageByteForByte()
    {
        var shard = new ShardWork("send-1", 3, 16, Message)
        {
            Link = 2,
            Topic = "orders/42",
            ExcludeConnectionId = "Jx2fCd1vo+MCLtg=",
            Cursor = """{"connectionId":"abc"}""",
        };

        var body = shard.ToUtf8Json();

        Assert.True(ShardWork.IsShard(body));
        Assert.True(ShardWork.TryParse(body, out var read, out var error), error);
        Assert.Equal("send-1", read!.SendId);
        Assert.Equal("3.2", read.Id);
        Assert.Equal(16, read.Segments);
        Assert.Equal("orders/42", read.Topic);
        Assert.Equal("Jx2fCd1vo+MCLtg=", read.ExcludeConnectionId);
        Assert.Equal(shard.Cursor, read.Cursor);
        Assert.Null(read.UserIds);
        Assert.Equal(Message.ToString(), read.Message.ToString());
        Assert.Equal(new RecipientRange("orders/42", 3, 16), read.Range);
    }

    [Fact]
    public void ToUtf8Json_TopicShardWithIdAndSeq_ReadsBackBoth_AndTheNextLinkKeepsThem()
    {
        var shard = new ShardWork("send-1", 3, 16, Message) { Topic = "orders/42", MessageId = "send-1", Seq = 42 };

        var body = shard.ToUtf8Json();

        using (var document = System.Text.Json.JsonDocument.Parse(body))
        {
            var fields = document.RootElement.GetProperty("shard");
            Assert.Equal("send-1", fields.GetProperty("messageId").GetString());
            Assert.Equal(42, fields.GetProperty("seq").GetInt64());
        }

        Assert.True(ShardWork.TryParse(body, out var read, out var error), error);
        Assert.Equal("send-1", read!.MessageId);
        Assert.Equal(42, read.Seq);
        var next = read.Next("cursor");
        Assert.Equal("send-1", next.MessageId);
        Assert.Equal(42, next.Seq);
    }

    [Fact]
    public void ToUtf8Json_NoIdOrSeq_WritesNeither()
    {
        var body = Encoding.UTF8.GetString(new ShardWork("send-1", 0, 1, Message) { UserIds = ["alice"] }.ToUtf8Json());

        Assert.DoesNotContain("messageId", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"seq\"", body, StringComparison.Ordinal);
        Assert.True(ShardWork.TryParse(Encoding.UTF8.GetBytes(body), out var read, out _));
        Assert.Null(read!.MessageId);
        Assert.Null(read.Seq);
    }

    [Fact]
    public void AUserShard_HasNoRange_AndKeepsItsUsers()
    {
        var shard = new ShardWork("send-2", 0, 2, Message) { UserIds = ["alice", "bob"] };

        Assert.True(ShardWork.TryParse(shard.ToUtf8Json(), out var read, out _));

        Assert.Equal(["alice", "bob"], read!.UserIds);
        Assert.Null(read.Range);
    }

    [Fact]
    public void Next_IsTheFollowingLinkOfTheSameSegment()
    {
        var next = new ShardWork("send-3", 5, 8, Message).Next("cursor");

        Assert.Equal("5.1", next.Id);
        Assert.Equal("cursor", next.Cursor);
    }

    [Theory]
    [InlineData("""{"userId":"alice","message":1}""")]
    [InlineData("""{"message":{"shard":1}}""")]
    [InlineData("""[{"shard":{}}]""")]
    [InlineData("""not json""")]
    public void IsShard_IsFalseForPublishRequestsAndOtherBodies(string body) =>
        Assert.False(ShardWork.IsShard(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("""{"shard":{"segment":0,"segments":1,"link":0},"message":1}""", "shard has no \"sendId\"")]
    [InlineData("""{"shard":{"sendId":"s","segment":2,"segments":2,"link":0},"message":1}""", "shard's segment is out of range")]
    [InlineData("""{"shard":{"sendId":"s","segment":0,"segments":1,"link":0,"topic":"a b"},"message":1}""", "topic may contain only letters, digits and -_.:/@")]
    [InlineData("""{"shard":{"sendId":"s","segment":0,"segments":1,"link":0,"topic":"t","userIds":["u"]},"message":1}""", "shard names both a topic and users")]
    [InlineData("""{"shard":{"sendId":"s","segment":0,"segments":1,"link":0}}""", "shard has no \"message\"")]
    [InlineData("""{"shard":{"sendId":"s","segment":"0","segments":1,"link":0},"message":1}""", "shard is not valid JSON of the expected shape")]
    [InlineData("""{"shard":{"sendId":"s","segment":0,"segments":1,"link":0,"topic":"t","messageId":"s","seq":0},"message":1}""", "shard's \"seq\" must be positive, on a topic shard with a \"messageId\"")]
    [InlineData("""{"shard":{"sendId":"s","segment":0,"segments":1,"link":0,"messageId":"s","seq":3},"message":1}""", "shard's \"seq\" must be positive, on a topic shard with a \"messageId\"")]
    [InlineData("""{"shard":{"sendId":"s","segment":0,"segments":1,"link":0,"topic":"t","seq":3},"message":1}""", "shard's \"seq\" must be positive, on a topic shard with a \"messageId\"")]
    [InlineData("""{"shard":{"sendId":"s","segment":0,"segments":1,"link":0,"messageId":""},"message":1}""", "shard's \"messageId\" is empty")]
    public void TryParse_RefusesMalformedShards_SayingWhy(string body, string expected)
    {
        Assert.False(ShardWork.TryParse(Encoding.UTF8.GetBytes(body), out var shard, out var error));

        Assert.Null(shard);
        Assert.Equal(expected, error);
    }
}
