namespace Notifier.Local.Monitoring;

/// <summary>The data of an <c>event: dropped</c>: how many feed events a page that read too slowly missed.</summary>
internal sealed record DroppedNotice(long Count);
