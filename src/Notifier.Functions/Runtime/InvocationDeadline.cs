namespace Notifier.Functions.Runtime;

/// <summary>When an invocation's token fires: Lambda's deadline less a safety margin, as every host computes it.</summary>
/// <remarks>
/// The margin leaves time for a function that stops at the token to answer (an SQS batch lists the records it
/// did not finish) and for the runtime to post that answer before Lambda stops the process.
/// </remarks>
internal static class InvocationDeadline
{
    /// <summary>How long before Lambda's deadline the invocation's token fires.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>How long from now until the token for <paramref name="deadlineUtc"/> fires: zero once that has passed, infinite for <see cref="DateTimeOffset.MaxValue"/> (no deadline).</summary>
    public static TimeSpan UntilToken(DateTimeOffset deadlineUtc, TimeProvider timeProvider)
    {
        if (deadlineUtc == DateTimeOffset.MaxValue)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var remaining = deadlineUtc - timeProvider.GetUtcNow() - SafetyMargin;
        if (remaining <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return remaining < MaxTimerDelay ? remaining : Timeout.InfiniteTimeSpan;
    }
}
