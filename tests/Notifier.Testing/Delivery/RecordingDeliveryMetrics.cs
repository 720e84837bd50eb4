using System.Collections.Concurrent;
using Notifier.Core.Delivery;

namespace Notifier.Testing.Delivery;

/// <summary>Keeps every record of delivery metrics, in order.</summary>
public sealed class RecordingDeliveryMetrics : IDeliveryMetrics
{
    private readonly ConcurrentQueue<DeliveryMetrics> _records = new();

    public IReadOnlyList<DeliveryMetrics> Records => [.. _records];

    public void Record(DeliveryMetrics metrics) => _records.Enqueue(metrics);
}
