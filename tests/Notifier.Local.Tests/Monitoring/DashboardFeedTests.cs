using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Tests.Monitoring;

public sealed class DashboardFeedTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static DisconnectEvent Event(int n) => new(1000, $"n{n}") { ConnectionId = "c" + n };

    [Fact]
    public async Task StreamAsync_MoreEventsThanTheBuffer_NewPageGetsTheLastOnesOldestFirst()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));
        var feed = new DashboardFeed(time, bufferedEvents: 5, subscriberCapacity: 10);
        for (var n = 1; n <= 8; n++)
        {
            feed.Publish(Event(n));
        }

        using var stop = new CancellationTokenSource();
        var received = new List<SseItem<string>>();
        await using var stream = feed.StreamAsync(stop.Token).GetAsyncEnumerator();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));
            received.Add(stream.Current);
        }

        Assert.Equal(["4", "5", "6", "7", "8"], received.Select(item => item.EventId));
        Assert.All(received, item => Assert.Equal("disconnect", item.EventType));
        var first = JsonDocument.Parse(received[0].Data).RootElement;
        Assert.Equal(4, first.GetProperty("id").GetInt64());
        Assert.Equal("2026-01-02T03:04:05.678Z", first.GetProperty("time").GetString());
        Assert.Equal("disconnect", first.GetProperty("kind").GetString());
        Assert.Equal("c4", first.GetProperty("connectionId").GetString());
        Assert.False(first.TryGetProperty("userId", out _));
        Assert.Equal("n4", first.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task StreamAsync_IdsAndReasons_AreWrittenAsTheyAre_HtmlCharactersEscaped()
    {
        var feed = new DashboardFeed(TimeProvider.System, bufferedEvents: 5, subscriberCapacity: 10);
        feed.Publish(new DisconnectEvent(1000, "<b>bye</b>") { ConnectionId = "Pmi8pGxqe+ZrV3g/=" });
        using var stop = new CancellationTokenSource();
        await using var stream = feed.StreamAsync(stop.Token).GetAsyncEnumerator();

        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));

        Assert.Contains("\"connectionId\":\"Pmi8pGxqe+ZrV3g/=\"", stream.Current.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", stream.Current.Data, StringComparison.Ordinal);
        Assert.Equal("<b>bye</b>", JsonDocument.Parse(stream.Current.Data).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task StreamAsync_SlowPage_KeepsItsQueueBounded_AndTellsHowManyItDropped()
    {
        var feed = new DashboardFeed(TimeProvider.System, bufferedEvents: 5, subscriberCapacity: 10);
        feed.Publish(Event(0));
        using var stop = new CancellationTokenSource();
        await using var stream = feed.StreamAsync(stop.Token).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout)); // subscribed, with the one buffered event

        for (var n = 1; n <= 50; n++)
        {
            feed.Publish(Event(n));
        }

        var received = new List<SseItem<string>>();
        for (var i = 0; i < 11; i++)
        {
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));
            received.Add(stream.Current);
        }

        Assert.Equal("dropped", received[0].EventType);
        Assert.Equal(40, JsonDocument.Parse(received[0].Data).RootElement.GetProperty("count").GetInt64());
        // Event 0 had id 1: the ten kept are ids 2 to 11.
        Assert.Equal(Enumerable.Range(2, 10).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Skip(1).Select(item => item.EventId));
        var next = stream.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        await stop.CancelAsync();
        Assert.False(await next.WaitAsync(Timeout));
        Assert.Equal(0, feed.Subscribers);
    }

    [Fact]
    public async Task Broadcast_ReachesOpenPagesOnly_AndIsNotBuffered()
    {
        var feed = new DashboardFeed(TimeProvider.System);
        using var stop = new CancellationTokenSource();
        await using var stream = feed.StreamAsync(stop.Token).GetAsyncEnumerator();
        var first = stream.MoveNextAsync().AsTask();

        feed.Broadcast(new SseItem<string>("{\"time\":0}", "metrics"));

        Assert.True(await first.WaitAsync(Timeout));
        Assert.Equal("metrics", stream.Current.EventType);
        Assert.Null(stream.Current.EventId);
        await using var later = feed.StreamAsync(stop.Token).GetAsyncEnumerator();
        var nothing = later.MoveNextAsync().AsTask();
        feed.Publish(Event(1));
        Assert.True(await nothing.WaitAsync(Timeout));
        Assert.Equal("disconnect", later.Current.EventType);
    }
}
