using Notifier.Core.Delivery;

namespace Notifier.Local.Gateway;

/// <summary>The delivery report as the publish API returns it.</summary>
internal sealed record DeliveryReportJson(
    int Recipients,
    IReadOnlyList<string> Delivered,
    IReadOnlyList<string> DeliveredAfterThrottling,
    IReadOnlyList<string> Gone,
    IReadOnlyList<DeliveryFailureJson> Failed,
    bool PruneFailed)
{
    public static DeliveryReportJson From(DeliveryReport report) => new(
        report.Recipients,
        report.Delivered,
        report.DeliveredAfterThrottling,
        report.Gone,
        [.. report.Failed.Select(f => new DeliveryFailureJson(f.ConnectionId, f.Status.ToString(), f.Reason))],
        report.PruneFailed);
}

internal sealed record DeliveryFailureJson(string ConnectionId, string Status, string Reason);
