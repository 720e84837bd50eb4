using Notifier.Core.Delivery;

namespace Notifier.Local.Monitoring;

/// <summary>The dashboard's charts: publishes, delivery outcomes and open connections for each of the last <see cref="Seconds"/> seconds.</summary>
/// <remarks>
/// A ring of one bucket per second, reused as time moves on, so its size never changes. Delivery outcomes are the
/// publish function's <see cref="DeliveryMetrics"/> records, the ones Lambda writes as CloudWatch metrics; the open
/// connections of a second are sampled by <see cref="MetricsTicker"/> just after it ends.
/// </remarks>
internal sealed class MetricsHistory
{
    public const int Seconds = 900;

    private readonly Lock _gate = new();
    private readonly Bucket[] _buckets = new Bucket[Seconds];
    private readonly TimeProvider _timeProvider;
    private readonly long _startSecond;
    private long _lastSampledSecond;
    private int _lastConnections;

    public MetricsHistory(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _startSecond = CurrentSecond();
        _lastSampledSecond = _startSecond - 1;
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Bucket { Second = -1 };
        }
    }

    /// <summary>Counts a publish answered 200 or 202 in the current second.</summary>
    public void RecordPublish()
    {
        lock (_gate)
        {
            BucketLocked(CurrentSecond()).Published++;
        }
    }

    /// <summary>Adds one record of publish work to the current second.</summary>
    public void RecordDelivery(DeliveryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        lock (_gate)
        {
            var bucket = BucketLocked(CurrentSecond());
            bucket.Delivered += metrics.Delivered;
            bucket.Gone += metrics.Gone;
            bucket.Throttled += metrics.Throttled;
            bucket.Failed += metrics.Failed;
        }
    }

    /// <summary>
    /// Records <paramref name="openConnections"/> as the count at the end of every second that has ended since the last
    /// sample, and returns the points of those seconds, oldest first (none when no second has ended since).
    /// </summary>
    public IReadOnlyList<MetricsPoint> Sample(int openConnections)
    {
        lock (_gate)
        {
            var ended = CurrentSecond() - 1;
            var first = Math.Max(_lastSampledSecond + 1, ended - Seconds + 1);
            var points = new List<MetricsPoint>();
            for (var second = first; second <= ended; second++)
            {
                var bucket = BucketLocked(second);
                bucket.Connections = openConnections;
                points.Add(PointLocked(second));
            }

            _lastSampledSecond = Math.Max(_lastSampledSecond, ended);
            _lastConnections = openConnections;
            return points;
        }
    }

    /// <summary>Every second that has ended, of the last <see cref="Seconds"/> since the gateway started, oldest first.</summary>
    /// <param name="openConnections">The count now, for the seconds not yet sampled.</param>
    public IReadOnlyList<MetricsPoint> Points(int openConnections)
    {
        lock (_gate)
        {
            var ended = CurrentSecond() - 1;
            var first = Math.Max(_startSecond, ended - Seconds + 1);
            var points = new List<MetricsPoint>((int)Math.Max(0, ended - first + 1));
            var carried = _lastConnections;
            for (var second = first; second <= ended; second++)
            {
                var bucket = _buckets[Slot(second)];
                if (bucket.Second == second && bucket.Connections is { } sampled)
                {
                    carried = sampled;
                }
                else if (second > _lastSampledSecond)
                {
                    carried = openConnections;
                }

                points.Add(bucket.Second == second
                    ? new MetricsPoint(second * 1000, carried, bucket.Published, bucket.Delivered, bucket.Gone, bucket.Throttled, bucket.Failed)
                    : new MetricsPoint(second * 1000, carried, 0, 0, 0, 0, 0));
            }

            return points;
        }
    }

    private MetricsPoint PointLocked(long second)
    {
        var bucket = _buckets[Slot(second)];
        return new MetricsPoint(second * 1000, bucket.Connections ?? _lastConnections, bucket.Published, bucket.Delivered, bucket.Gone, bucket.Throttled, bucket.Failed);
    }

    /// <summary>The bucket of <paramref name="second"/>, emptied first when it last held an older second.</summary>
    private Bucket BucketLocked(long second)
    {
        var bucket = _buckets[Slot(second)];
        if (bucket.Second != second)
        {
            bucket.Second = second;
            bucket.Connections = null;
            bucket.Published = bucket.Delivered = bucket.Gone = bucket.Throttled = bucket.Failed = 0;
        }

        return bucket;
    }

    private static int Slot(long second) => (int)(second % Seconds);

    private long CurrentSecond() => _timeProvider.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>One second's sums; reused for a later second once this one is older than the ring.</summary>
    private sealed class Bucket
    {
        public long Second { get; set; }

        public int? Connections { get; set; }

        public long Published { get; set; }

        public long Delivered { get; set; }

        public long Gone { get; set; }

        public long Throttled { get; set; }

        public long Failed { get; set; }
    }
}
