using Notifier.Core.Delivery;

namespace Notifier.Testing.Delivery;

/// <summary>Reads a <see cref="DeliveryReport"/> connection by connection.</summary>
public static class DeliveryReports
{
    /// <summary>Where the report puts <paramref name="connectionId"/>: Delivered, Gone, or its failure's status.</summary>
    public static ManagementCallStatus StatusOf(this DeliveryReport report, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Delivered.Contains(connectionId) ? ManagementCallStatus.Succeeded
            : report.Gone.Contains(connectionId) ? ManagementCallStatus.Gone
            : report.Failed.Single(f => f.ConnectionId == connectionId).Status;
    }
}
