using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace Notifier.Local.Monitoring;

/// <summary>One open page's queue of feed messages: bounded, so a page that reads too slowly loses messages, counted, instead of filling memory.</summary>
internal sealed class FeedSubscription
{
    private readonly Channel<SseItem<string>> _queue;
    private long _dropped;

    public FeedSubscription(int capacity)
    {
        _queue = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public ChannelReader<SseItem<string>> Reader => _queue.Reader;

    /// <summary>Queues <paramref name="item"/>, or counts it as dropped when the queue is full; never waits.</summary>
    public void Offer(SseItem<string> item)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>How many messages were dropped since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    public void Complete() => _queue.Writer.TryComplete();
}
