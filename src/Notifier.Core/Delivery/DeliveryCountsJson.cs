namespace Notifier.Core.Delivery;

/// <summary>The exact sizes of a <see cref="DeliveryReportJson"/>'s lists, and the throttled count, however many ids the lists show.</summary>
public sealed record DeliveryCountsJson(int Delivered, int DeliveredAfterThrottling, int Gone, int Failed, int Throttled);
