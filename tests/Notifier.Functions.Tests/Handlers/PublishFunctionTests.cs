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

    private async Task<JsonElement> InvokeAsync(JsonNode payload, IConnectionStore? store = null)
    {
        var catalog = new FunctionCatalog(
            new SettingsReader(_ => null), new CapturingLoggerProvider().CreateFactory(), TimeProvider.System, () => store ?? _store, () => _channel);
        var result = await catalog.Create("publish").InvokeAsync(SampleEvents.Bytes(payload)).WaitAsync(TimeSpan.FromSeconds(10));
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
}
