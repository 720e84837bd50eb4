using System.Net.Http.Json;
using System.Text.Json;
using Notifier.Core.Delivery;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

public sealed class LocalDeliveryMetricsTests
{
    [Fact]
    public void Record_TwoSends_CountersAreTheirSums()
    {
        var counters = new GatewayCounters();
        var metrics = new LocalDeliveryMetrics(counters);

        metrics.Record(new DeliveryMetrics(Recipients: 5, Delivered: 3, Gone: 1, Throttled: 2, Failed: 1, TimeSpan.FromMilliseconds(40), ShardsQueued: 0));
        metrics.Record(new DeliveryMetrics(Recipients: 7, Delivered: 7, Gone: 0, Throttled: 0, Failed: 0, TimeSpan.FromMilliseconds(10), ShardsQueued: 3));

        Assert.Equal(new DeliveryTotals(Sends: 2, Recipients: 12, Delivered: 10, Gone: 1, Throttled: 2, Failed: 1, ShardsQueued: 3), counters.Delivery);
    }

    [Fact]
    public async Task Record_FromManyThreads_LosesNoCount()
    {
        var counters = new GatewayCounters();
        var metrics = new LocalDeliveryMetrics(counters);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                metrics.Record(new DeliveryMetrics(3, 2, 1, 1, 0, TimeSpan.Zero, 1));
            }
        })));

        Assert.Equal(new DeliveryTotals(8000, 24000, 16000, 8000, 8000, 0, 8000), counters.Delivery);
    }

    [Fact]
    public async Task Dashboard_DeliveryEndpointAndPage_ShowTheRecordedCounts()
    {
        await using var harness = await GatewayHarness.StartAsync();
        harness.Gateway.DeliveryMetrics.Record(new DeliveryMetrics(4, 2, 1, 1, 1, TimeSpan.FromMilliseconds(12), 0));
        harness.Gateway.DeliveryMetrics.Record(new DeliveryMetrics(0, 0, 0, 0, 0, TimeSpan.FromMilliseconds(3), 5));

        var totals = await harness.Http.GetFromJsonAsync<JsonElement>(new Uri(harness.Gateway.BaseAddress, "_local/delivery"));
        var page = await harness.Http.GetStringAsync(harness.Gateway.BaseAddress);

        Assert.Equal(2, totals.GetProperty("sends").GetInt64());
        Assert.Equal(4, totals.GetProperty("recipients").GetInt64());
        Assert.Equal(2, totals.GetProperty("delivered").GetInt64());
        Assert.Equal(1, totals.GetProperty("gone").GetInt64());
        Assert.Equal(1, totals.GetProperty("throttled").GetInt64());
        Assert.Equal(1, totals.GetProperty("failed").GetInt64());
        Assert.Equal(5, totals.GetProperty("shardsQueued").GetInt64());
        // The page fills one cell per member of the endpoint's answer: every member needs its cell.
        Assert.All(totals.EnumerateObject(), member => Assert.Contains($"id=\"delivery-{member.Name}\"", page, StringComparison.Ordinal));
    }
}
