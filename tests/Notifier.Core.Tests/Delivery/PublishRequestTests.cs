using System.Text;
using Notifier.Core.Delivery;

namespace Notifier.Core.Tests.Delivery;

public sealed class PublishRequestTests
{
    public static TheoryData<string, string> TwoKindsOfRecipient => new()
    {
        { """{"userId":"alice","connectionId":"Jx2fCd1voAMCLtg=","message":1}""", "(got \"userId\" and \"connectionId\")" },
        { """{"userId":"alice","userIds":["bob"],"message":1}""", "(got \"userId\" and \"userIds\")" },
        { """{"userIds":["alice"],"connectionId":"x","message":1}""", "(got \"userIds\" and \"connectionId\")" },
        { """{"topic":"room:1","userId":"alice","message":1}""", "(got \"userId\" and \"topic\")" },
        { """{"connectionId":"x","topic":"room:1","message":1}""", "(got \"connectionId\" and \"topic\")" },
        { """{"topic":"room:1","userIds":[],"message":1}""", "(got \"userIds\" and \"topic\")" },
        { """{"broadcast":true,"topic":"room:1","message":1}""", "(got \"topic\" and \"broadcast\")" },
        { """{"userId":"a","userIds":["b"],"connectionId":"x","topic":"t","message":1}""", "(got \"userId\", \"userIds\", \"connectionId\" and \"topic\")" },
    };

    [Theory]
    [MemberData(nameof(TwoKindsOfRecipient))]
    public void TryParse_MoreThanOneKindOfRecipient_FailsNamingTheFieldsGiven(string body, string named)
    {
        var parsed = PublishRequest.TryParse(Encoding.UTF8.GetBytes(body), out var request, out var error, out var tooLarge);

        Assert.False(parsed);
        Assert.Null(request);
        Assert.False(tooLarge);
        Assert.Equal("name one kind of recipient: \"userId\", \"userIds\", \"connectionId\", \"topic\" or \"broadcast\": true " + named, error);
    }

    [Theory]
    [InlineData("""{"userId":"alice","connectionId":null,"topic":null,"message":1}""", 1)]
    [InlineData("""{"userIds":["alice","bob"],"message":1}""", 2)]
    public void TryParse_OneKindOfRecipient_NullsAreNotGiven(string body, int users)
    {
        var parsed = PublishRequest.TryParse(Encoding.UTF8.GetBytes(body), out var request, out var error, out _);

        Assert.True(parsed, error);
        Assert.Equal(users, request!.UserIds.Count);
        Assert.Null(request.ConnectionId);
        Assert.Null(request.Topic);
    }

    [Fact]
    public void TryParse_Broadcast_NamesEveryConnection()
    {
        var parsed = PublishRequest.TryParse("""{"broadcast":true,"message":1}"""u8, out var request, out var error, out _);

        Assert.True(parsed, error);
        Assert.True(request!.Broadcast);
        Assert.Empty(request.UserIds);
    }

    [Fact]
    public void TryParse_BroadcastFalse_FailsSayingSo()
    {
        var parsed = PublishRequest.TryParse("""{"broadcast":false,"message":1}"""u8, out _, out var error, out _);

        Assert.False(parsed);
        Assert.Equal("\"broadcast\" must be true: it sends to every connection", error);
    }

    [Fact]
    public void TryParse_EmptyUserIds_FailsSayingSo()
    {
        var parsed = PublishRequest.TryParse("""{"userIds":[],"message":1}"""u8, out _, out var error, out _);

        Assert.False(parsed);
        Assert.Equal("\"userIds\" is empty: name at least one user", error);
    }

    [Theory]
    [InlineData("message", new byte[] { 0xFF })]
    [InlineData("message", new byte[] { 0xC0, 0xAF })]
    [InlineData("message", new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData("message", new byte[] { 0xE2, 0x82 })]
    [InlineData("userId", new byte[] { 0x80 })]
    public void TryParse_InvalidUtf8InAString_FailsSayingSo(string field, byte[] bytes)
    {
        var other = field == "message" ? "userId" : "message";
        byte[] body = [.. Encoding.ASCII.GetBytes($"{{\"{other}\":\"alice\",\"{field}\":\""), .. bytes, .. "\"}"u8];

        var parsed = PublishRequest.TryParse(body, out var request, out var error, out var tooLarge);

        Assert.False(parsed);
        Assert.Null(request);
        Assert.False(tooLarge);
        Assert.Equal("body is not valid UTF-8", error);
    }
}
