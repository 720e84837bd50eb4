namespace Notifier.Core.Delivery;

/// <summary>One connection the message did not reach, and why.</summary>
public sealed record DeliveryFailure(string ConnectionId, ManagementCallStatus Status, string Reason);
