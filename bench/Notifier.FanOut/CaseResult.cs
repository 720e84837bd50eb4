namespace Notifier.FanOut;

/// <summary>One measured case: its round times, and the case it is compared with.</summary>
/// <param name="Suite">"loopback" (a stub @connections endpoint) or "gateway" (real sockets).</param>
/// <param name="Connections">How many connections the one notification went to.</param>
/// <param name="Name">The case, e.g. "NotificationSender (MaxConcurrency 64)".</param>
/// <param name="RoundsMs">Timed rounds: send until the last post is answered (loopback) or the last socket has the message (gateway).</param>
/// <param name="Role">Whether the other cases of the suite and size are compared with this one.</param>
/// <param name="Note">What else is worth knowing, e.g. when the publish call itself returned.</param>
internal sealed record CaseResult(string Suite, int Connections, string Name, IReadOnlyList<double> RoundsMs, CaseRole Role, string Note = "")
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

/// <summary>What a case is to the others of its suite and size.</summary>
internal enum CaseRole
{
    /// <summary>Compared with the loops.</summary>
    Measured,

    /// <summary>The sequential loop in C#: the same client, one post at a time, each awaited.</summary>
    SequentialLoop,

    /// <summary>The original design's loop as it was written: Python's boto3, one post at a time.</summary>
    Boto3Loop,
}
