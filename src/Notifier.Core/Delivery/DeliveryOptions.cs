namespace Notifier.Core.Delivery;

/// <summary>How the sender fans out and retries; the defaults are the ones in use unless set.</summary>
/// <remarks>
/// 64 posts in flight keeps a pool of HTTP/1.1 keep-alive connections busy without tripping API
/// Gateway's burst limit. A throttled post (429) halves the number in flight and is retried with full
/// jitter; a transient failure (5xx, or a failure before the post was sent) gets a small bounded retry, and a post
/// sent but never answered is not retried (it may have been delivered); a 410 from a connection still within
/// <see cref="ConnectGrace"/> is retried too, and its record kept; nothing retries forever.
/// </remarks>
public sealed class DeliveryOptions
{
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>The least number of posts kept in flight while throttled.</summary>
    public int MinConcurrency { get; init; } = 2;

    /// <summary>Retries after a 429, per connection.</summary>
    public int ThrottleRetries { get; init; } = 6;

    /// <summary>Retries after a 5xx or a failure before the post was sent, per connection; a post sent but not answered is never retried.</summary>
    public int TransientRetries { get; init; } = 2;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many users' connections are looked up at once by <see cref="NotificationSender.SendToUsersAsync"/>.</summary>
    public int LookupConcurrency { get; init; } = 16;

    /// <summary>How long after its <c>ConnectedAt</c> a connection that answers 410 Gone is taken to be still opening, not gone.</summary>
    /// <remarks>
    /// Default 5 s; <see cref="TimeSpan.Zero"/> turns it off. <c>$connect</c> stores the record before API Gateway opens the
    /// socket, and until then a post to it is answered 410. Such a post is retried with the usual backoff, at most
    /// <see cref="EstablishingRetries"/> times while the connection is within the grace; if it is still 410 it is
    /// reported gone but its record is kept (its <c>$disconnect</c> or its TTL removes it). Older connections that
    /// answer 410 are pruned at once, without a retry.
    /// </remarks>
    public TimeSpan ConnectGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after a 410 from a connection within <see cref="ConnectGrace"/>, per connection.</summary>
    /// <remarks>Default 5: with the default delays, about 0.8 s of waiting on average and at most 1.55 s.</remarks>
    public int EstablishingRetries { get; init; } = 5;

    /// <summary>How many post attempts (retries included) the sender may start per second; null for no cap.</summary>
    /// <remarks>
    /// Default null. API Gateway throttles the management API per account and region, so senders that share that
    /// budget should each take their share of it here rather than learn it from 429s. The budget belongs to the
    /// sender and is shared by all its sends, so build one sender per process (per Lambda instance) and keep it.
    /// </remarks>
    public int? PostsPerSecond { get; init; }

    public void Validate()
    {
        if (MaxConcurrency < 1 || MinConcurrency < 1 || MinConcurrency > MaxConcurrency)
        {
            throw new ArgumentException("Concurrency must be at least 1 and MinConcurrency at most MaxConcurrency.");
        }

        if (ThrottleRetries < 0 || TransientRetries < 0 || EstablishingRetries < 0 || ConnectGrace < TimeSpan.Zero || BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay || LookupConcurrency < 1)
        {
            throw new ArgumentException("Retry counts, delays and ConnectGrace must not be negative, and MaxDelay must be at least BaseDelay.");
        }

        if (PostsPerSecond < 1)
        {
            throw new ArgumentException("PostsPerSecond must be at least 1, or null for no cap.");
        }
    }
}
