using Microsoft.Extensions.Time.Testing;
using Notifier.Core.Delivery;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Tests.Monitoring;

public sealed class MetricsHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, 200, TimeSpan.Zero);

    [Fact]
    public void Sample_AfterASecondOfWork_ReturnsThatSecondWithItsCountsAndTheConnections()
    {
        var time = new FakeTimeProvider(Start);
        var history = new MetricsHistory(time);
        history.RecordPublish();
        history.RecordPublish();
        history.RecordDelivery(new DeliveryMetrics(5, 3, 1, 2, 1, TimeSpan.FromMilliseconds(4), 0));

        Assert.Empty(history.Sample(7));
        time.Advance(TimeSpan.FromSeconds(1));
        var point = Assert.Single(history.Sample(7));

        Assert.Equal(new MetricsPoint(Start.ToUnixTimeSeconds() * 1000, 7, 2, 3, 1, 2, 1), point);
        Assert.Equal([point], history.Points(9));
    }

    [Fact]
    public void Sample_SecondsSkipped_ReturnsEachEndedSecondOnce()
    {
        var time = new FakeTimeProvider(Start);
        var history = new MetricsHistory(time);
        time.Advance(TimeSpan.FromSeconds(3));
        history.RecordPublish();

        var first = history.Sample(1);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = history.Sample(2);

        Assert.Equal(3, first.Count);
        Assert.Equal([0L, 0L, 0L], first.Select(p => p.Published));
        Assert.Equal(1, Assert.Single(second).Published);
        Assert.Equal(2, second[0].Connections);
    }

    [Fact]
    public void Points_AfterTwentyMinutes_CoverTheLastFifteenOnly_WithOldCountsGone()
    {
        var time = new FakeTimeProvider(Start);
        var history = new MetricsHistory(time);
        history.RecordPublish();
        for (var i = 0; i < 1200; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            history.Sample(i);
        }

        var points = history.Points(0);

        Assert.Equal(MetricsHistory.Seconds, points.Count);
        Assert.Equal(0, points.Sum(p => p.Published));
        Assert.Equal((Start.ToUnixTimeSeconds() + 1199) * 1000, points[^1].Time);
        Assert.Equal(1199, points[^1].Connections);
        Assert.Equal(300, points[0].Connections);
    }

    [Fact]
    public void Points_SecondsNotYetSampled_ShowTheConnectionsNow()
    {
        var time = new FakeTimeProvider(Start);
        var history = new MetricsHistory(time);
        time.Advance(TimeSpan.FromSeconds(2));

        var points = history.Points(4);

        Assert.Equal(2, points.Count);
        Assert.All(points, p => Assert.Equal(4, p.Connections));
    }
}
