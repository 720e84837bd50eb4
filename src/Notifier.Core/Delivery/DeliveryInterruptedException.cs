namespace Notifier.Core.Delivery;

/// <summary>Listing the recipients failed part-way; <see cref="Report"/> says what happened to those already addressed.</summary>
/// <remarks>
/// Thrown only after every post that had started has ended, so nothing is still being sent when the caller
/// decides what to do. Repeating the whole send would deliver a second time to <see cref="DeliveryReport.Delivered"/>.
/// </remarks>
public sealed class DeliveryInterruptedException : Exception
{
    public DeliveryInterruptedException()
        : this(DeliveryReport.Empty, null)
    {
    }

    public DeliveryInterruptedException(string message)
        : base(message)
    {
        Report = DeliveryReport.Empty;
    }

    public DeliveryInterruptedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Report = DeliveryReport.Empty;
    }

    public DeliveryInterruptedException(DeliveryReport report, Exception? innerException)
        : base($"Listing the recipients failed after {report?.Recipients ?? 0} connections were addressed; the report says what happened to them.", innerException)
    {
        Report = report ?? DeliveryReport.Empty;
    }

    /// <summary>What happened to the connections addressed before the listing failed.</summary>
    public DeliveryReport Report { get; }
}
