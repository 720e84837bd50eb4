using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Notifier.Core.Sharding;

namespace Notifier.Local.Tests.Gateway;

/// <summary>A large send on the local gateway is split as on AWS: 202 with its id, shards run from the in-process queue, then the summed report.</summary>
public sealed class ShardedSendTests
{
    private static readonly Dictionary<string, string> SmallShards = new() { [ShardingOptions.ShardSizeVariable] = "3" };

    private static async Task<JsonElement> SummaryWhenCompleteAsync(GatewayHarness harness, Uri location)
    {
        using var timeout = new CancellationTokenSource(GatewayHarness.Timeout);
        while (true)
        {
            var response = await harness.Http.GetAsync(location, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token)).RootElement;
            if (summary.GetProperty("complete").GetBoolean())
            {
                return summary;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    [Fact]
    public async Task LargeBroadcast_Is202_ThenEveryClientGetsItOnce_AndTheReportSumsTheShards()
    {
        await using var harness = await GatewayHarness.StartAsync(environment: SmallShards);
        var clients = new List<ClientWebSocket>();
        for (var i = 0; i < 10; i++)
        {
            var client = await harness.ConnectAsync($"user{i}");
            await harness.ConnectionIdAsync(client);
            clients.Add(client);
        }

        var response = await harness.PostNotificationAsync("""{"broadcast":true,"message":{"n":1}}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var messageId = accepted.GetProperty("messageId").GetString()!;
        Assert.Equal($"/notifications/{messageId}", response.Headers.Location!.OriginalString);
        var summary = await SummaryWhenCompleteAsync(harness, new Uri(harness.Gateway.BaseAddress, response.Headers.Location));
        Assert.Equal(messageId, summary.GetProperty("messageId").GetString());
        Assert.Equal(10, summary.GetProperty("recipients").GetInt64());
        Assert.Equal(10, summary.GetProperty("delivered").GetInt64());
        Assert.Equal(0, summary.GetProperty("failed").GetInt64());
        var shards = summary.GetProperty("shards");
        Assert.Equal(shards.GetProperty("total").GetInt32(), shards.GetProperty("done").GetInt32());
        foreach (var client in clients)
        {
            Assert.Equal("""{"n":1}""", await GatewayHarness.ReceiveTextAsync(client));
            await GatewayHarness.AssertNothingPendingAsync(client);
        }
    }

    [Fact]
    public async Task SmallSend_KeepsTheSynchronousReport()
    {
        await using var harness = await GatewayHarness.StartAsync(environment: SmallShards);
        var client = await harness.ConnectAsync("alice");
        await harness.ConnectionIdAsync(client);

        var response = await harness.PostNotificationAsync("""{"broadcast":true,"message":{"n":2}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, report.GetProperty("recipients").GetInt32());
    }

    [Fact]
    public async Task UnknownSend_Is404()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, "notifications/no-such-send"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("kept for a day", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
