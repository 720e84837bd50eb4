using System.Text.Json.Serialization;

namespace Notifier.Core.Delivery;

/// <summary>The delivery report as the publish APIs return it (JSON with camelCase names).</summary>
/// <remarks>
/// Each id list shows at most <see cref="MaxListedIds"/> entries, and <see cref="Truncated"/> says whether any was
/// cut; <see cref="Counts"/> and <see cref="Recipients"/> are always exact. Without the cap, a send with tens of
/// thousands of failures would pass Lambda's 6 MB response limit: the caller would get a 500 for a send that
/// happened, and its retry would deliver twice. The in-process <see cref="DeliveryReport"/> stays complete.
/// <see cref="Id"/> and <see cref="Streams"/> (<c>"streams":{"user:alice":42}</c>, capped alike) are shown only when
/// the sender keeps a history.
/// </remarks>
public sealed record DeliveryReportJson(
    int Recipients,
    IReadOnlyList<string> Delivered,
    IReadOnlyList<string> DeliveredAfterThrottling,
    IReadOnlyList<string> Gone,
    IReadOnlyList<DeliveryFailureJson> Failed,
    bool PruneFailed,
    DeliveryCountsJson Counts,
    bool Truncated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, long>? Streams = null)
{
    /// <summary>The most ids (or failures) one list of the answer shows: 1,000, about 100 KB for a list of failures.</summary>
    public const int MaxListedIds = 1_000;

    public static DeliveryReportJson From(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var truncated = report.Delivered.Count > MaxListedIds
            || report.DeliveredAfterThrottling.Count > MaxListedIds
            || report.Gone.Count > MaxListedIds
            || report.Failed.Count > MaxListedIds
            || report.Streams.Count > MaxListedIds;
        return new(
            report.Recipients,
            [.. report.Delivered.Take(MaxListedIds)],
            [.. report.DeliveredAfterThrottling.Take(MaxListedIds)],
            [.. report.Gone.Take(MaxListedIds)],
            [.. report.Failed.Take(MaxListedIds).Select(f => new DeliveryFailureJson(f.ConnectionId, f.Status.ToString(), f.Reason))],
            report.PruneFailed,
            new DeliveryCountsJson(report.Delivered.Count, report.DeliveredAfterThrottling.Count, report.Gone.Count, report.Failed.Count, report.Throttled),
            truncated,
            report.MessageId,
            report.MessageId is null ? null : report.Streams.Take(MaxListedIds).ToDictionary(StringComparer.Ordinal));
    }
}
