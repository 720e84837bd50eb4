using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Functions.Hosting;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;
using Notifier.Testing.Events;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Handlers;

public sealed class PublishFunctionTests
{
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();
    private readonly CapturingLoggerProvider _logs = new();

    /// <summary><c>{"userId":"user-123","message":"</c>, a byte that is never UTF-8, then <c>"}</c>.</summary>
    private static readonly byte[] InvalidUtf8Body = [.. "{\"userId\":\"user-123\",\"message\":\""u8, 0xFF, .. "\"}"u8];

    private Task<JsonElement> InvokeAsync(JsonNode payload, IConnectionStore? store = null) => InvokeAsync(SampleEvents.Bytes(payload), store);

    private async Task<JsonElement> InvokeAsync(byte[] payload, IConnectionStore? store = null)
    {
        var catalog = new FunctionCatalog(
            new SettingsReader(_ => null), _logs.CreateFactory(), TimeProvider.System, () => store ?? _store, () => _channel);
        var result = await catalog.Create("publish").InvokeAsync(payload).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.IsSuccess);
        return JsonDocument.Parse(result.Response!).RootElement.Clone();
    }

    private async Task ConnectAsync(string connectionId, string userId)
    {
        var now = DateTimeOffset.UtcNow;
        await _store.AddAsync(new ConnectionRecord(connectionId, userId, "https://abc.execute-api.us-east-1.amazonaws.com/prod", now, ConnectionLifetime.ExpiresAt(now)));
    }

    private static JsonObject HttpEvent(string body)
    {
        var httpEvent = SampleEvents.Load("publish-http");
        httpEvent["body"] = body;
        return httpEvent;
    }

    [Fact]
    public async Task Http_SampleEvent_DeliversAndAnswersTheReport()
    {
        await ConnectAsync("c1", "user-123");
        await ConnectAsync("c2", "user-999");

        var response = await InvokeAsync(SampleEvents.Load("publish-http"));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        var report = JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(["c1"], report.GetProperty("delivered").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, report.GetProperty("counts").GetProperty("delivered").GetInt32());
        Assert.False(report.GetProperty("truncated").GetBoolean());
        Assert.Equal(["""{"type":"order.shipped","orderId":"o-42"}"""], _channel.Received("c1"));
        Assert.Equal(0, _channel.Attempts("c2"));
    }

    [Fact]
    public async Task Http_Report_ShowsConnectionIdsAsWritten()
    {
        await ConnectAsync("Pmi8pGxqe+ZrV3g=", "user-123");

        var response = await InvokeAsync(SampleEvents.Load("publish-http"));

        Assert.Contains("\"delivered\":[\"Pmi8pGxqe+ZrV3g=\"]", response.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", 400)]
    [InlineData("""{"message":{}}""", 400)]
    [InlineData("""{"userId":"u"}""", 400)]
    public async Task Http_BadBody_Is400WithReason(string body, int status)
    {
        var response = await InvokeAsync(HttpEvent(body));

        Assert.Equal(status, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("message", response.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_MessageOver128KB_Is413()
    {
        var response = await InvokeAsync(HttpEvent(JsonSerializer.Serialize(new { userId = "u", message = new string('x', 140_000) })));

        Assert.Equal(413, response.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Http_StoreDown_Is503()
    {
        var response = await InvokeAsync(SampleEvents.Load("publish-http"), new UnavailableConnectionStore());

        Assert.Equal(503, response.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Queue_SampleEvent_DeliversToEveryUserWithoutFailures()
    {
        await ConnectAsync("a", "user-123");
        await ConnectAsync("b", "user-456");

        var response = await InvokeAsync(SampleEvents.Load("publish-sqs"));

        Assert.Empty(response.GetProperty("batchItemFailures").EnumerateArray());
        Assert.Single(_channel.Received("a"));
        Assert.Single(_channel.Received("b"));
    }

    [Fact]
    public async Task Queue_UnreadableAndStoreDown_AreReturnedToTheQueue()
    {
        var batch = SampleEvents.Load("publish-sqs");
        var records = batch["Records"]!.AsArray();
        var broken = records[0]!.DeepClone();
        broken["messageId"] = "broken";
        broken["body"] = "{not json";
        records.Add(broken);

        var response = await InvokeAsync(batch, new UnavailableConnectionStore());

        var failed = response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()).ToList();
        Assert.Equal(["059f36b4-87a3-44ab-83d2-661975830a7d", "broken"], failed);
    }

    [Fact]
    public async Task Http_Base64BodyWithInvalidUtf8_Is400AndSendsNothing()
    {
        await ConnectAsync("c1", "user-123");
        var httpEvent = SampleEvents.Load("publish-http");
        httpEvent["body"] = Convert.ToBase64String(InvalidUtf8Body);
        httpEvent["isBase64Encoded"] = true;

        var response = await InvokeAsync(httpEvent);

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("not valid UTF-8", response.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _channel.Attempts("c1"));
    }

    [Theory]
    [InlineData("***")]
    [InlineData("eyJ1c2VySWQiOiJhIn0")]
    public async Task Http_Base64BodyThatIsNotBase64_Is400NamingBase64(string body)
    {
        var httpEvent = SampleEvents.Load("publish-http");
        httpEvent["body"] = body;
        httpEvent["isBase64Encoded"] = true;

        var response = await InvokeAsync(httpEvent);

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("body is not valid base64", response.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_TwoKindsOfRecipient_Is400NamingBothAndSendsNothing()
    {
        await ConnectAsync("c1", "user-123");

        var response = await InvokeAsync(HttpEvent("""{"userId":"user-123","connectionId":"c1","message":{"n":1}}"""));

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("(got \\\"userId\\\" and \\\"connectionId\\\")", response.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _channel.Attempts("c1"));
    }

    [Fact]
    public async Task Queue_RecordBodyWithInvalidUtf8_IsReturnedToTheQueueWithOneLogLine()
    {
        await ConnectAsync("a", "user-123");
        var batch = SampleEvents.Load("publish-sqs");
        var records = batch["Records"]!.AsArray();
        var broken = records[0]!.DeepClone();
        broken["messageId"] = "broken";
        broken["body"] = "PLACEHOLDER";
        records.Add(broken);
        var payload = Splice(SampleEvents.Bytes(batch), "PLACEHOLDER"u8, InvalidUtf8Body);

        var response = await InvokeAsync(payload);

        var failed = response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()).ToList();
        Assert.Equal(["broken"], failed);
        Assert.Single(_channel.Received("a"));
        var line = Assert.Single(_logs.Lines, line => line.Contains("broken", StringComparison.Ordinal));
        Assert.Contains("not valid UTF-8", line, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Queue_RecordWithTwoKindsOfRecipient_IsReturnedToTheQueue()
    {
        var batch = SampleEvents.Load("publish-sqs");
        var record = batch["Records"]!.AsArray()[0]!;
        record["body"] = """{"topic":"room:1","userIds":["user-123"],"message":1}""";

        var response = await InvokeAsync(batch);

        var failure = Assert.Single(response.GetProperty("batchItemFailures").EnumerateArray());
        Assert.Equal(record["messageId"]!.GetValue<string>(), failure.GetProperty("itemIdentifier").GetString());
        Assert.Contains(_logs.Lines, line => line.Contains("(got \"userIds\" and \"topic\")", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Queue_NullRecord_FailsTheBatchWithoutThrowing()
    {
        var response = await InvokeAsync(JsonNode.Parse("""{"Records":[null]}""")!);

        var failure = Assert.Single(response.GetProperty("batchItemFailures").EnumerateArray());
        Assert.Equal(string.Empty, failure.GetProperty("itemIdentifier").GetString());
    }

    /// <summary>The JSON text with the string whose content is <paramref name="marker"/> replaced by raw bytes (JSON quotes escaped).</summary>
    private static byte[] Splice(byte[] json, ReadOnlySpan<byte> marker, byte[] body)
    {
        var at = json.AsSpan().IndexOf(marker);
        Assert.True(at >= 0);
        var escaped = body.SelectMany(b => b == (byte)'"' ? new[] { (byte)'\\', b } : [b]).ToArray();
        return [.. json.AsSpan(0, at), .. escaped, .. json.AsSpan(at + marker.Length)];
    }
}
