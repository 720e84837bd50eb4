using Notifier.Core.Delivery;

namespace Notifier.Local.Gateway;

/// <summary>The local gateway's <see cref="IDeliveryMetrics"/>: adds each record to the counters the dashboard shows.</summary>
/// <remarks>Lambda writes the same records as CloudWatch metrics (EMF); here they stay in memory, as sums that never grow in size.</remarks>
internal sealed class LocalDeliveryMetrics(GatewayCounters counters) : IDeliveryMetrics
{
    public void Record(DeliveryMetrics metrics) => counters.AddDelivery(metrics);
}
