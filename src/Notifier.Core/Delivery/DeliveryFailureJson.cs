namespace Notifier.Core.Delivery;

/// <summary>One failure in <see cref="DeliveryReportJson"/>.</summary>
public sealed record DeliveryFailureJson(string ConnectionId, string Status, string Reason);
