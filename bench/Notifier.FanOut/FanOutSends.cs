using Notifier.Aws.Management;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.FanOut;

/// <summary>The two ways every suite sends: the original design's loop and the fan-out sender.</summary>
internal static class FanOutSends
{
    /// <summary>The user every suite's connections belong to.</summary>
    public const string User = "bench-user";

    /// <summary>The original design's loop: one post at a time, each awaited.</summary>
    public static async Task<int> SequentialAsync(ManagementApiClient client, IReadOnlyList<ConnectionRecord> records, NotificationMessage message)
    {
        var delivered = 0;
        foreach (var record in records)
        {
            var result = await client.PostAsync(record, message.Utf8);
            delivered += result.Status == ManagementCallStatus.Succeeded ? 1 : 0;
        }

        return delivered;
    }

    public static async Task<int> SendToUserAsync(NotificationSender sender, NotificationMessage message)
    {
        var report = await sender.SendToUserAsync(User, message);
        return report.Delivered.Count;
    }
}
