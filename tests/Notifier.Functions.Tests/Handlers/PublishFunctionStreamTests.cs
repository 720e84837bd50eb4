using System.Text.Json;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Functions.Hosting;
using Notifier.Testing.Delivery;
using Notifier.Testing.Events;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Handlers;

public sealed class PublishFunctionStreamTests
{
    private const string SampleMessage = """{"type":"order.shipped","orderId":"o-42"}""";
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();
    private readonly InMemoryMessageHistory _history = new();

    private async Task<JsonElement> InvokeAsync(byte[] payload, IMessageHistory? history)
    {
        var catalog = new FunctionCatalog(
            new SettingsReader(_ => null), new CapturingLoggerProvider().CreateFactory(), TimeProvider.System, () => _store, () => _channel, createHistory: () => history);
        var result = await catalog.Create("publish").InvokeAsync(payload).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.IsSuccess);
        return JsonDocument.Parse(result.Response!).RootElement.Clone();
    }

    private async Task ConnectAsync(string connectionId, string userId, string? protocol)
    {
        var now = DateTimeOffset.UtcNow;
        await _store.AddAsync(new ConnectionRecord(connectionId, userId, "https://abc.execute-api.us-east-1.amazonaws.com/prod", now, ConnectionLifetime.ExpiresAt(now), Protocol: protocol));
    }

    [Fact]
    public async Task Http_WithHistory_ReportsTheIdAndSeq_AndTheEnvelopeCarriesThem()
    {
        await ConnectAsync("v1", "user-123", NotificationEnvelope.Protocol);
        await ConnectAsync("plain", "user-123", protocol: null);

        var response = await InvokeAsync(SampleEvents.Bytes(SampleEvents.Load("publish-http")), _history);

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        using var report = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        var id = report.RootElement.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(1, report.RootElement.GetProperty("streams").GetProperty("user:user-123").GetInt64());
        Assert.Equal([SampleMessage], _channel.Received("plain"));
        Assert.Equal(
            $$"""{"type":"notification","id":"{{id}}","stream":"user:user-123","seq":1,"message":{{SampleMessage}}}""",
            Assert.Single(_channel.Received("v1")));
    }

    [Fact]
    public async Task Sqs_WithHistory_TheRecordsIdIsTheMessagesId()
    {
        await ConnectAsync("v1", "user-456", NotificationEnvelope.Protocol);

        await InvokeAsync(SampleEvents.Bytes(SampleEvents.Load("publish-sqs")), _history);

        var stored = Assert.Single((await _history.ReadAsync("user:user-456", 0, 10)).Messages);
        Assert.Equal("059f36b4-87a3-44ab-83d2-661975830a7d", stored.Id);
        using var envelope = JsonDocument.Parse(Assert.Single(_channel.Received("v1")));
        Assert.Equal(stored.Id, envelope.RootElement.GetProperty("id").GetString());
        Assert.Equal(1, (await _history.ReadAsync("user:user-123", 0, 10)).Last);
    }

    [Fact]
    public async Task Http_NoHistory_AnswersTodaysReport_AndSendsTheRawBytes()
    {
        await ConnectAsync("v1", "user-123", NotificationEnvelope.Protocol);

        var response = await InvokeAsync(SampleEvents.Bytes(SampleEvents.Load("publish-http")), history: null);

        var body = response.GetProperty("body").GetString()!;
        Assert.DoesNotContain("\"id\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"streams\"", body, StringComparison.Ordinal);
        Assert.Equal([SampleMessage], _channel.Received("v1"));
    }
}
