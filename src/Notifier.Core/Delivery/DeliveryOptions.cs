namespace Notifier.Core.Delivery;

/// <summary>How the sender fans out and retries; the defaults are the ones in use unless set.</summary>
/// <remarks>
/// 64 posts in flight keeps a pool of HTTP/1.1 keep-alive connections busy without tripping API
/// Gateway's burst limit. A throttled post (429) halves the number in flight and is retried with full
/// jitter; a transient failure (5xx, timeout) gets a small bounded retry; nothing retries forever.
/// </remarks>
public sealed class DeliveryOptions
{
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>The least number of posts kept in flight while throttled.</summary>
    public int MinConcurrency { get; init; } = 2;

    /// <summary>Retries after a 429, per connection.</summary>
    public int ThrottleRetries { get; init; } = 6;

    /// <summary>Retries after a 5xx, timeout or network failure, per connection.</summary>
    public int TransientRetries { get; init; } = 2;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many users' connections are looked up at once by <see cref="NotificationSender.SendToUsersAsync"/>.</summary>
    public int LookupConcurrency { get; init; } = 16;

    public void Validate()
    {
        if (MaxConcurrency < 1 || MinConcurrency < 1 || MinConcurrency > MaxConcurrency)
        {
            throw new ArgumentException("Concurrency must be at least 1 and MinConcurrency at most MaxConcurrency.");
        }

        if (ThrottleRetries < 0 || TransientRetries < 0 || BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay || LookupConcurrency < 1)
        {
            throw new ArgumentException("Retry counts and delays must not be negative, and MaxDelay must be at least BaseDelay.");
        }
    }
}
