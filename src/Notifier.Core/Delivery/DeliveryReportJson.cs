namespace Notifier.Core.Delivery;

/// <summary>The delivery report as the publish APIs return it (JSON with camelCase names).</summary>
public sealed record DeliveryReportJson(
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
