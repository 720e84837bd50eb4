using Notifier.Core.Delivery;

namespace Notifier.Local.Monitoring;

/// <summary>One invocation of the publish function as the dashboard follows it: the synchronous send of a publish, or one shard of a sharded one.</summary>
/// <remarks>
/// It travels with the invocation's async flow (<see cref="Current"/>), so that the gateway's channel and metrics, which
/// the function calls deep inside, can tell which publish a post or a record belongs to without the function knowing.
/// </remarks>
internal sealed class PublishTrace
{
    private static readonly AsyncLocal<PublishTrace?> CurrentTrace = new();

    private readonly Lock _gate = new();
    private DeliveryMetrics? _metrics;

    public PublishTrace(PublishRecord? record)
    {
        Record = record;
    }

    /// <summary>The invocation running in this async flow; null outside one.</summary>
    public static PublishTrace? Current
    {
        get => CurrentTrace.Value;
        set => CurrentTrace.Value = value;
    }

    /// <summary>The publish the invocation works for; null when it is not known (a shard queued by no traced publish).</summary>
    public PublishRecord? Record { get; }

    /// <summary>The sum of what the invocation recorded; null when it recorded nothing.</summary>
    public DeliveryMetrics? Metrics
    {
        get
        {
            lock (_gate)
            {
                return _metrics;
            }
        }
    }

    /// <summary>Adds one metrics record of the invocation.</summary>
    public void Measured(DeliveryMetrics metrics)
    {
        lock (_gate)
        {
            _metrics = _metrics is not { } sum
                ? metrics
                : new DeliveryMetrics(
                    sum.Recipients + metrics.Recipients,
                    sum.Delivered + metrics.Delivered,
                    sum.Gone + metrics.Gone,
                    sum.Throttled + metrics.Throttled,
                    sum.Failed + metrics.Failed,
                    sum.Duration + metrics.Duration,
                    sum.ShardsQueued + metrics.ShardsQueued);
        }
    }

    /// <summary>Records the answer of one post to a connection.</summary>
    public void Posted(string connectionId, string? userId, ManagementCallStatus status) =>
        Record?.AddOutcome(connectionId, userId, OutcomeName(status));

    public static string OutcomeName(ManagementCallStatus status) => status switch
    {
        ManagementCallStatus.Succeeded => "delivered",
        ManagementCallStatus.Gone => "gone",
        ManagementCallStatus.Throttled => "throttled",
        _ => "failed",
    };
}
