using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Notifier.Local.Monitoring;

/// <summary>The dashboard's live feed: the last <see cref="BufferedEvents"/> events for a page that opens, then each event as it happens.</summary>
/// <remarks>
/// Every event is numbered and serialized once, as it is published; each open page has its own queue of
/// <see cref="SubscriberCapacity"/> messages. Publishing never waits: a page that reads too slowly loses what does not
/// fit in its queue and is told how much with an <c>event: dropped</c>, so nothing here grows without bound.
/// </remarks>
internal sealed class DashboardFeed
{
    public const int BufferedEvents = 500;

    public const int SubscriberCapacity = 1_000;

    private readonly Lock _gate = new();
    private readonly SseItem<string>[] _buffer;
    private readonly List<FeedSubscription> _subscribers = [];
    private readonly TimeProvider _timeProvider;
    private readonly int _subscriberCapacity;
    private int _start;
    private int _count;
    private long _lastId;

    public DashboardFeed(TimeProvider timeProvider)
        : this(timeProvider, BufferedEvents, SubscriberCapacity)
    {
    }

    internal DashboardFeed(TimeProvider timeProvider, int bufferedEvents, int subscriberCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferedEvents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriberCapacity, 1);
        _timeProvider = timeProvider;
        _buffer = new SseItem<string>[bufferedEvents];
        _subscriberCapacity = subscriberCapacity;
    }

    /// <summary>How many pages are reading the feed.</summary>
    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Numbers and stamps <paramref name="feedEvent"/>, keeps it for pages that open later, and queues it for every open page.</summary>
    public void Publish(FeedEvent feedEvent)
    {
        ArgumentNullException.ThrowIfNull(feedEvent);
        lock (_gate)
        {
            // Numbered, serialized and queued under one lock, so that every page sees the events in the order of their ids.
            var stamped = feedEvent with { Id = ++_lastId, Time = Iso(_timeProvider.GetUtcNow()) };
            var data = JsonSerializer.Serialize(stamped, DashboardJsonContext.Readable.GetTypeInfo(stamped.GetType())!);
            var item = new SseItem<string>(data, stamped.Kind) { EventId = stamped.Id.ToString(CultureInfo.InvariantCulture) };
            _buffer[(_start + _count) % _buffer.Length] = item;
            if (_count < _buffer.Length)
            {
                _count++;
            }
            else
            {
                _start = (_start + 1) % _buffer.Length;
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(item);
            }
        }
    }

    /// <summary>Queues a message that is not a feed event (a metrics point) for every open page; it is not kept for later ones.</summary>
    public void Broadcast(SseItem<string> item)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(item);
            }
        }
    }

    /// <summary>The kept events, oldest first, then every message as it comes, until <paramref name="stopping"/> or the enumeration's token ends it.</summary>
    public async IAsyncEnumerable<SseItem<string>> StreamAsync(CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        var (backlog, subscription) = Subscribe();
        try
        {
            foreach (var item in backlog)
            {
                yield return item;
            }

            while (await WaitToReadAsync(subscription, ended.Token).ConfigureAwait(false))
            {
                while (subscription.Reader.TryRead(out var item))
                {
                    if (subscription.TakeDropped() is > 0 and var dropped)
                    {
                        yield return Dropped(dropped);
                    }

                    yield return item;
                }

                if (subscription.TakeDropped() is > 0 and var droppedSinceLast)
                {
                    yield return Dropped(droppedSinceLast);
                }
            }
        }
        finally
        {
            Unsubscribe(subscription);
        }
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as every time the dashboard shows.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private (SseItem<string>[] Backlog, FeedSubscription Subscription) Subscribe()
    {
        var subscription = new FeedSubscription(_subscriberCapacity);
        lock (_gate)
        {
            var backlog = new SseItem<string>[_count];
            for (var i = 0; i < _count; i++)
            {
                backlog[i] = _buffer[(_start + i) % _buffer.Length];
            }

            _subscribers.Add(subscription);
            return (backlog, subscription);
        }
    }

    private void Unsubscribe(FeedSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }

        subscription.Complete();
    }

    private static async Task<bool> WaitToReadAsync(FeedSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            return await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static SseItem<string> Dropped(long count) =>
        new(JsonSerializer.Serialize(new DroppedNotice(count), DashboardJsonContext.Readable.DroppedNotice), "dropped");
}
