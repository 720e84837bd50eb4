using Notifier.Core.Delivery;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Gateway;

/// <summary>The local gateway's <see cref="IDeliveryMetrics"/>: adds each record to the counters and the charts the dashboard shows.</summary>
/// <remarks>
/// Lambda writes the same records as CloudWatch metrics (EMF); here they stay in memory, as sums and a ring of seconds that
/// never grow in size. A record made while a publish is traced (<see cref="PublishTrace"/>) also goes to that publish.
/// </remarks>
internal sealed class LocalDeliveryMetrics(GatewayCounters counters, MetricsHistory? history = null) : IDeliveryMetrics
{
    public void Record(DeliveryMetrics metrics)
    {
        counters.AddDelivery(metrics);
        history?.RecordDelivery(metrics);
        PublishTrace.Current?.Measured(metrics);
    }
}
