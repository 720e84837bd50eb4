namespace Notifier.FanOut;

/// <summary>One measured case: its round times, and the case it is compared with.</summary>
/// <param name="Suite">"loopback" (a stub @connections endpoint) or "gateway" (real sockets).</param>
/// <param name="Connections">How many connections the one notification went to.</param>
/// <param name="Name">The case, e.g. "NotificationSender (MaxConcurrency 64)".</param>
/// <param name="RoundsMs">Timed rounds: send until the last post is answered (loopback) or the last socket has the message (gateway).</param>
/// <param name="IsBaseline">The sequential loop the other cases of the suite and size are compared with.</param>
/// <param name="Note">What else is worth knowing, e.g. when the publish call itself returned.</param>
internal sealed record CaseResult(string Suite, int Connections, string Name, IReadOnlyList<double> RoundsMs, bool IsBaseline, string Note = "")
{
    public double MedianMs => Median(RoundsMs);

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
