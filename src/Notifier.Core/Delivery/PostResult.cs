namespace Notifier.Core.Delivery;

/// <summary>What one post to one connection came to.</summary>
/// <param name="Status">The outcome class the sender acts on.</param>
/// <param name="Detail">A short explanation for reports and logs (an HTTP status and error type, a timeout); never message content.</param>
public readonly record struct PostResult(ManagementCallStatus Status, string? Detail = null)
{
    public static PostResult Delivered { get; } = new(ManagementCallStatus.Succeeded);
}
