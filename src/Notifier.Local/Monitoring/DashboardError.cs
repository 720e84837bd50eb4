namespace Notifier.Local.Monitoring;

/// <summary>The body of a dashboard endpoint's error answer.</summary>
internal sealed record DashboardError(string Message);
