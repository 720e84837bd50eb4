namespace Notifier.Core.Delivery;

/// <summary>Exponential backoff with full jitter, shared by every retry loop: the sender's posts, the DynamoDB store's batch writes and the Lambda runtime loop.</summary>
/// <remarks>
/// Full jitter (a uniform delay between zero and the ceiling) spreads the retries of callers that failed at the
/// same moment, so they do not all come back together.
/// </remarks>
internal static class Backoff
{
    /// <summary>A random delay between zero and <see cref="Ceiling"/> for the zero-based <paramref name="retry"/>.</summary>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay) =>
        Ceiling(retry, baseDelay, maxDelay) * Random.Shared.NextDouble();

    /// <summary>The longest delay before the zero-based <paramref name="retry"/>: <paramref name="baseDelay"/> × 2^retry, at most <paramref name="maxDelay"/>.</summary>
    public static TimeSpan Ceiling(int retry, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var ceiling = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(retry, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(maxDelay.TotalMilliseconds, ceiling));
    }
}
