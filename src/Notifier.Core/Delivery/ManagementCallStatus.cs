namespace Notifier.Core.Delivery;

/// <summary>How a call to a connection (post, read or close) ended, mapped from the management API's answers.</summary>
public enum ManagementCallStatus
{
    /// <summary>200 or 204: the call did what it asked; for a post, the connection received the message.</summary>
    Succeeded,

    /// <summary>410: the connection is gone (or, just after <c>$connect</c>, not open yet); its record should be pruned.</summary>
    Gone,

    /// <summary>413: the message is larger than the connection accepts.</summary>
    PayloadTooLarge,

    /// <summary>429: the account's callback rate or the client's buffer is exhausted; retry later.</summary>
    Throttled,

    /// <summary>403: the caller may not manage this connection (IAM, wrong endpoint or stage).</summary>
    Forbidden,

    /// <summary>5xx, or a failure before the request was sent: may succeed if tried again.</summary>
    TransientFailure,

    /// <summary>
    /// The post was sent but no answer came (a timeout, or the connection broke after sending): it may or may not
    /// have been delivered. Not retried, so a message is never delivered twice.
    /// </summary>
    Unconfirmed,

    /// <summary>Any other answer; not retried.</summary>
    Failed,
}
