namespace Notifier.Core.Delivery;

/// <summary>Exactly what one send did, connection by connection.</summary>
/// <remarks>
/// Every recipient connection appears once: in <see cref="Delivered"/>, <see cref="Gone"/> or
/// <see cref="Failed"/>. <see cref="DeliveredAfterThrottling"/> is the part of <see cref="Delivered"/>
/// that was throttled (429) first and delivered on a retry.
/// </remarks>
public sealed class DeliveryReport
{
    // Before Empty: static initializers run in order, and Empty reads it.
    private static readonly IReadOnlyDictionary<string, long> NoStreams = new Dictionary<string, long>(StringComparer.Ordinal);

    public static DeliveryReport Empty { get; } = new([], [], [], [], pruneFailed: false);

    /// <param name="delivered">Connections that received the message.</param>
    /// <param name="deliveredAfterThrottling">The delivered connections that were throttled first.</param>
    /// <param name="gone">Connections that answered 410 Gone.</param>
    /// <param name="failed">Connections the message did not reach, with reasons.</param>
    /// <param name="pruneFailed">Whether removing the gone connections' records failed.</param>
    /// <param name="interrupted">Whether the caller's token ended the send early.</param>
    /// <param name="throttled">
    /// Connections throttled at least once, whatever their end; when not given, the count of
    /// <paramref name="deliveredAfterThrottling"/>, the least it can be.
    /// </param>
    /// <param name="messageId">The message's id when the sender keeps a history; null when it keeps none.</param>
    /// <param name="streams">Each stream the message was appended to and its number there; none when not given.</param>
    public DeliveryReport(
        IReadOnlyList<string> delivered,
        IReadOnlyList<string> deliveredAfterThrottling,
        IReadOnlyList<string> gone,
        IReadOnlyList<DeliveryFailure> failed,
        bool pruneFailed,
        bool interrupted = false,
        int? throttled = null,
        string? messageId = null,
        IReadOnlyDictionary<string, long>? streams = null)
    {
        Delivered = delivered;
        DeliveredAfterThrottling = deliveredAfterThrottling;
        Gone = gone;
        Failed = failed;
        PruneFailed = pruneFailed;
        Interrupted = interrupted;
        Throttled = throttled ?? deliveredAfterThrottling.Count;
        MessageId = messageId;
        Streams = streams ?? NoStreams;
        ArgumentOutOfRangeException.ThrowIfLessThan(Throttled, deliveredAfterThrottling.Count, nameof(throttled));
    }

    /// <summary>Connections that received the message.</summary>
    public IReadOnlyList<string> Delivered { get; }

    /// <summary>Delivered connections that were throttled at least once first.</summary>
    public IReadOnlyList<string> DeliveredAfterThrottling { get; }

    /// <summary>Connections that answered 410 Gone; their records were removed.</summary>
    /// <remarks>
    /// Except the records of connections still within <see cref="DeliveryOptions.ConnectGrace"/> of connecting: those are
    /// kept, since their socket may still be opening, and their <c>$disconnect</c> or TTL removes them.
    /// </remarks>
    public IReadOnlyList<string> Gone { get; }

    /// <summary>Connections the message did not reach, each with its reason.</summary>
    public IReadOnlyList<DeliveryFailure> Failed { get; }

    /// <summary>True when removing the gone connections' records failed or ran out of the caller's time; they will expire by TTL.</summary>
    public bool PruneFailed { get; }

    /// <summary>True when the caller's token ended the send before every recipient had an outcome.</summary>
    /// <remarks>
    /// Recipients not yet listed were never addressed, and a post cut short is in <see cref="Failed"/> though it may
    /// have arrived, so only repeating the whole send reaches everyone, at the cost of a second copy for some.
    /// </remarks>
    public bool Interrupted { get; }

    /// <summary>How many connections were throttled (429) at least once, whether then delivered or not.</summary>
    /// <remarks>
    /// A count rather than a list, so reports merged from many shards stay small; a high count says the send met the
    /// management API's rate limit and a lower <see cref="DeliveryOptions.PostsPerSecond"/> would spare the retries.
    /// </remarks>
    public int Throttled { get; }

    /// <summary>The message's id, the same in every stream and envelope; null when the sender keeps no history.</summary>
    public string? MessageId { get; }

    /// <summary>Each stream the message belongs to (<c>user:alice</c>, a topic) and the number it was given there.</summary>
    /// <remarks>Empty for a send to one connection or a broadcast, and when the sender keeps no history.</remarks>
    public IReadOnlyDictionary<string, long> Streams { get; }

    /// <summary>How many connections the send addressed.</summary>
    public int Recipients => Delivered.Count + Gone.Count + Failed.Count;
}
