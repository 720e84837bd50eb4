using System.Text.Encodings.Web;
using System.Text.Json;
using Notifier.Core.Delivery;

namespace Notifier.Core.Tests.Delivery;

/// <summary>The publish API's answer: complete lists for ordinary sends, capped lists and exact counts for huge ones.</summary>
public sealed class DeliveryReportJsonTests
{
    // Lambda refuses a response larger than this, and the caller gets a 500 for a send that happened.
    private const int LambdaResponseLimit = 6 * 1024 * 1024;

    [Fact]
    public void From_FiftyFiveThousandFailures_FitsInALambdaResponse_WithExactCounts()
    {
        var failed = Enumerable.Range(0, 55_000)
            .Select(i => new DeliveryFailure($"Pmi8pGxq{i:D7}=", ManagementCallStatus.Unconfirmed, "no answer within 5 s after the post was sent; it may have arrived"))
            .ToList();
        var report = new DeliveryReport(["ok-1", "ok-2"], ["ok-2"], ["gone-1"], failed, pruneFailed: false, throttled: 7);

        var json = JsonText.Readable(DeliveryReportJson.From(report), DeliveryJsonContext.Default.DeliveryReportJson);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        // The body goes out as a JSON string inside the Lambda response, so its quotes are escaped once more.
        Assert.True(JsonEncodedText.Encode(json, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes.Length < LambdaResponseLimit);
        Assert.True(root.GetProperty("truncated").GetBoolean());
        Assert.Equal(55_003, root.GetProperty("recipients").GetInt32());
        Assert.Equal(DeliveryReportJson.MaxListedIds, root.GetProperty("failed").GetArrayLength());
        Assert.Equal("Pmi8pGxq0000000=", root.GetProperty("failed")[0].GetProperty("connectionId").GetString());
        var counts = root.GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("delivered").GetInt32());
        Assert.Equal(1, counts.GetProperty("deliveredAfterThrottling").GetInt32());
        Assert.Equal(1, counts.GetProperty("gone").GetInt32());
        Assert.Equal(55_000, counts.GetProperty("failed").GetInt32());
        Assert.Equal(7, counts.GetProperty("throttled").GetInt32());
    }

    [Fact]
    public void From_SmallReport_ListsEveryId_AndIsNotTruncated()
    {
        var report = new DeliveryReport(
            ["a", "b"],
            ["b"],
            ["c"],
            [new DeliveryFailure("d", ManagementCallStatus.Throttled, "429 LimitExceededException")],
            pruneFailed: false,
            throttled: 2);

        var json = JsonText.Readable(DeliveryReportJson.From(report), DeliveryJsonContext.Default.DeliveryReportJson);

        Assert.Equal(
            """{"recipients":4,"delivered":["a","b"],"deliveredAfterThrottling":["b"],"gone":["c"],"failed":[{"connectionId":"d","status":"Throttled","reason":"429 LimitExceededException"}],"pruneFailed":false,"counts":{"delivered":2,"deliveredAfterThrottling":1,"gone":1,"failed":1,"throttled":2},"truncated":false}""",
            json);
    }

    [Fact]
    public void From_ExactlyTheCap_IsNotTruncated_OneMoreIs()
    {
        var atCap = Enumerable.Range(0, DeliveryReportJson.MaxListedIds).Select(i => $"c{i}").ToList();
        var overCap = atCap.Append("one-more").ToList();

        var full = DeliveryReportJson.From(new DeliveryReport(atCap, [], [], [], pruneFailed: false));
        var cut = DeliveryReportJson.From(new DeliveryReport([], [], overCap, [], pruneFailed: false));

        Assert.False(full.Truncated);
        Assert.Equal(DeliveryReportJson.MaxListedIds, full.Delivered.Count);
        Assert.True(cut.Truncated);
        Assert.Equal(DeliveryReportJson.MaxListedIds, cut.Gone.Count);
        Assert.Equal(DeliveryReportJson.MaxListedIds + 1, cut.Counts.Gone);
    }

    [Fact]
    public void Readable_WithIdAndStreams_ShowsThemLast_StreamNamesAsWritten()
    {
        var report = new DeliveryReport(["a"], [], [], [], pruneFailed: false, messageId: "m-1", streams: new Dictionary<string, long> { ["orders/42"] = 7, ["user:alice"] = 42 });

        var json = JsonText.Readable(DeliveryReportJson.From(report), DeliveryJsonContext.Default.DeliveryReportJson);

        Assert.EndsWith(""","truncated":false,"id":"m-1","streams":{"orders/42":7,"user:alice":42}}""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void From_MoreStreamsThanTheCap_ShowsTheCap_AndIsTruncated()
    {
        var streams = Enumerable.Range(0, DeliveryReportJson.MaxListedIds + 1).ToDictionary(i => $"user:u{i}", i => 1L);

        var json = DeliveryReportJson.From(new DeliveryReport([], [], [], [], pruneFailed: false, messageId: "m-2", streams: streams));

        Assert.True(json.Truncated);
        Assert.Equal(DeliveryReportJson.MaxListedIds, json.Streams!.Count);
    }
}
