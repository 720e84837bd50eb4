namespace Notifier.Local.Monitoring;

/// <summary>One second of the dashboard's charts.</summary>
/// <param name="Time">The second's start, in Unix milliseconds.</param>
/// <param name="Connections">Sockets open at the end of the second.</param>
/// <param name="Published">Publishes answered 200 or 202 in the second.</param>
/// <param name="Delivered">Connections delivered to (the publish function's metrics records, as on AWS).</param>
/// <param name="Gone">Connections found gone.</param>
/// <param name="Throttled">Connections throttled at least once.</param>
/// <param name="Failed">Connections not reached.</param>
internal sealed record MetricsPoint(long Time, int Connections, long Published, long Delivered, long Gone, long Throttled, long Failed);
