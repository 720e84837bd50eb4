namespace Notifier.Core.Delivery;

/// <summary>Exactly what one send did, connection by connection.</summary>
/// <remarks>
/// Every recipient connection appears once: in <see cref="Delivered"/>, <see cref="Gone"/> or
/// <see cref="Failed"/>. <see cref="DeliveredAfterThrottling"/> is the part of <see cref="Delivered"/>
/// that was throttled (429) first and delivered on a retry.
/// </remarks>
public sealed class DeliveryReport
{
    public static DeliveryReport Empty { get; } = new([], [], [], [], pruneFailed: false);

    public DeliveryReport(
        IReadOnlyList<string> delivered,
        IReadOnlyList<string> deliveredAfterThrottling,
        IReadOnlyList<string> gone,
        IReadOnlyList<DeliveryFailure> failed,
        bool pruneFailed,
        bool interrupted = false)
    {
        Delivered = delivered;
        DeliveredAfterThrottling = deliveredAfterThrottling;
        Gone = gone;
        Failed = failed;
        PruneFailed = pruneFailed;
        Interrupted = interrupted;
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

    /// <summary>How many connections the send addressed.</summary>
    public int Recipients => Delivered.Count + Gone.Count + Failed.Count;
}
