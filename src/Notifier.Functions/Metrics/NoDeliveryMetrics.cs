using Notifier.Core.Delivery;

namespace Notifier.Functions.Metrics;

/// <summary>Records nothing: for a function run outside Lambda (<c>invoke</c>, tests), whose output is its answer, not a log.</summary>
internal sealed class NoDeliveryMetrics : IDeliveryMetrics
{
    public static readonly NoDeliveryMetrics Instance = new();

    private NoDeliveryMetrics()
    {
    }

    public void Record(DeliveryMetrics metrics)
    {
    }
}
