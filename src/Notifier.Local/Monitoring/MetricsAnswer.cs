namespace Notifier.Local.Monitoring;

/// <summary>The answer of <c>GET /_local/metrics</c>: the last 15 minutes, one point a second, oldest first.</summary>
internal sealed record MetricsAnswer(int IntervalSeconds, IReadOnlyList<MetricsPoint> Points);
