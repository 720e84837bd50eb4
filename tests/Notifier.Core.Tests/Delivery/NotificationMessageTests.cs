using Notifier.Core.Delivery;

namespace Notifier.Core.Tests.Delivery;

public sealed class NotificationMessageTests
{
    [Theory]
    [InlineData("{ \"a\" : 1 ,\n \"b\" : [ 1 , 2 ] }", "{\"a\":1,\"b\":[1,2]}")]
    [InlineData("\"  spaces inside stay  \"", "\"  spaces inside stay  \"")]
    [InlineData("{\"esc\" : \"q\\\" \\\\ \\u00e9 é\"}", "{\"esc\":\"q\\\" \\\\ \\u00e9 é\"}")]
    [InlineData(" 1.50e3 ", "1.50e3")]
    [InlineData("null", "null")]
    [InlineData("[ \"\\/ \\u00E9 😀\" ]", "[\"\\/ \\u00E9 😀\"]")]
    public void Parse_ValidJson_IsCompactAndOtherwiseUnchanged(string json, string expected)
    {
        Assert.Equal(expected, NotificationMessage.Parse(json).ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"a\":", "not valid JSON")]
    [InlineData("hello", "not valid JSON")]
    [InlineData("{\"a\":1} {\"b\":2}", "not valid JSON")]
    public void TryParse_NotOneJsonValue_GivesReason(string json, string reason)
    {
        Assert.False(NotificationMessage.TryParse(json, out var message, out var error));
        Assert.Null(message);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ExactlyTheLimit_IsAccepted_OneByteMore_IsRefused()
    {
        var atLimit = "\"" + new string('x', NotificationMessage.MaximumBytes - 2) + "\"";
        var overLimit = "\"" + new string('x', NotificationMessage.MaximumBytes - 1) + "\"";

        Assert.True(NotificationMessage.TryParse(atLimit, out var message, out _));
        Assert.Equal(NotificationMessage.MaximumBytes, message!.Length);
        Assert.False(NotificationMessage.TryParse(overLimit, out _, out var error));
        Assert.Contains("131072", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LargeOnlyBecauseOfWhitespace_IsAcceptedAfterCompaction()
    {
        var padded = "{\"a\":" + new string(' ', NotificationMessage.MaximumBytes) + "1}";

        Assert.True(NotificationMessage.TryParse(padded, out var message, out _));
        Assert.Equal("{\"a\":1}", message!.ToString());
    }
}
