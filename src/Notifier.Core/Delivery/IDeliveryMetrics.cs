namespace Notifier.Core.Delivery;

/// <summary>Where the publish function reports each piece of work it did, for operators to chart and alarm on.</summary>
/// <remarks>On AWS, CloudWatch metrics written as Embedded Metric Format log lines; locally, the dashboard's counters.</remarks>
public interface IDeliveryMetrics
{
    /// <summary>Records one synchronous send, one shard of a large send, or the split of a large send into shards.</summary>
    void Record(DeliveryMetrics metrics);
}
