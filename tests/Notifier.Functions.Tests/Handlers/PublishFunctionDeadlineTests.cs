using System.Text.Json;
using System.Text.Json.Nodes;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Functions.Hosting;
using Notifier.Functions.Tests.Handlers.Fakes;
using Notifier.Testing.Delivery;
using Notifier.Testing.Events;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>An SQS batch that meets the invocation's deadline: what was sent is kept, the rest goes back, and the function still answers.</summary>
public sealed class PublishFunctionDeadlineTests
{
    private readonly InMemoryConnectionStore _store = new();
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task Queue_DeadlinePassedBeforeTheBatch_EveryRecordGoesBack_NothingSent()
    {
        await ConnectAsync("c1", "u1");
        await ConnectAsync("c2", "u2");
        var channel = new ScriptedChannel();
        using var deadline = new CancellationTokenSource();
        await deadline.CancelAsync();

        var response = await InvokeAsync(Batch("m1", "m2"), channel, deadline.Token);

        Assert.Equal(["m1", "m2"], Failures(response));
        Assert.Empty(channel.Posts);
    }

    [Fact]
    public async Task Queue_DeadlineDuringTheSecondRecord_ItAndTheRestGoBack_TheFirstDoesNot()
    {
        await ConnectAsync("c1", "u1");
        await ConnectAsync("c2", "u2");
        await ConnectAsync("c3", "u3");
        using var deadline = new CancellationTokenSource();
        var channel = new DeadlineChannel("c2", deadline);

        var response = await InvokeAsync(Batch("m1", "m2", "m3"), channel, deadline.Token);

        Assert.Equal(["m2", "m3"], Failures(response));
        Assert.Equal(["c1"], channel.Delivered);
        Assert.Contains(_logs.Lines, line => line.Contains("m2 was cut short by the deadline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Queue_DeadlineDuringTheLookupOfTheFirstRecord_EveryRecordGoesBack()
    {
        await ConnectAsync("c1", "u1");
        using var deadline = new CancellationTokenSource();
        var store = new DeadlineStore(_store, deadline);
        var channel = new ScriptedChannel();

        var response = await InvokeAsync(Batch("m1", "m2"), channel, deadline.Token, store);

        Assert.Equal(["m1", "m2"], Failures(response));
        Assert.Empty(channel.Posts);
    }

    private async Task<JsonElement> InvokeAsync(JsonNode batch, IConnectionChannel channel, CancellationToken cancellationToken, IConnectionStore? store = null)
    {
        var catalog = new FunctionCatalog(
            new SettingsReader(_ => null), _logs.CreateFactory(), TimeProvider.System, () => store ?? _store, () => channel);
        var result = await catalog.Create("publish").InvokeAsync(SampleEvents.Bytes(batch), cancellationToken).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.IsSuccess);
        return JsonDocument.Parse(result.Response!).RootElement.Clone();
    }

    private async Task ConnectAsync(string connectionId, string userId)
    {
        var now = DateTimeOffset.UtcNow;
        await _store.AddAsync(new ConnectionRecord(connectionId, userId, "https://abc.execute-api.us-east-1.amazonaws.com/prod", now, ConnectionLifetime.ExpiresAt(now)));
    }

    /// <summary>The sample SQS event with one record per id; record <c>mN</c> publishes to user <c>uN</c>.</summary>
    private static JsonObject Batch(params string[] messageIds)
    {
        var batch = SampleEvents.Load("publish-sqs");
        var records = batch["Records"]!.AsArray();
        var template = records[0]!;
        var built = new JsonArray();
        foreach (var messageId in messageIds)
        {
            var record = template.DeepClone();
            record["messageId"] = messageId;
            record["body"] = $$$"""{"userId":"u{{{messageId[1..]}}}","message":{"n":"{{{messageId}}}"}}""";
            built.Add(record);
        }

        batch["Records"] = built;
        return batch;
    }

    private static List<string?> Failures(JsonElement response) =>
        [.. response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString())];
}
