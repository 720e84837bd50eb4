using Notifier.Core.Delivery;

namespace Notifier.Core.Tests;

public sealed class JsonTextTests
{
    [Fact]
    public void Readable_Report_ShowsIdsLiterallyAndEscapesHtml()
    {
        var report = new DeliveryReportJson(2, ["Pmi8pGxqe+ZrV3g=", "a/b<c>&d'e"], [], [], [], PruneFailed: false, new DeliveryCountsJson(2, 0, 0, 0, 0), Truncated: false);

        var json = JsonText.Readable(report, DeliveryJsonContext.Default.DeliveryReportJson);

        Assert.Equal(
            """{"recipients":2,"delivered":["Pmi8pGxqe+ZrV3g=","a/b\u003Cc\u003E\u0026d\u0027e"],"deliveredAfterThrottling":[],"gone":[],"failed":[],"pruneFailed":false,"counts":{"delivered":2,"deliveredAfterThrottling":0,"gone":0,"failed":0,"throttled":0},"truncated":false}""",
            json);
    }

    [Theory]
    [InlineData("body has no \"message\"", """{"message":"body has no \"message\""}""")]
    [InlineData("topic café+1 </script>", """{"message":"topic café+1 \u003C/script\u003E"}""")]
    [InlineData("tab\there \\ 😀", """{"message":"tab\there \\ \uD83D\uDE00"}""")]
    public void ErrorBody_Message_IsReadableAndHtmlSafe(string message, string expected)
    {
        Assert.Equal(expected, ErrorBody.For(message));
    }
}
