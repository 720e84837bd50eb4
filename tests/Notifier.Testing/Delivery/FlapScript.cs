using Notifier.Core.Delivery;

namespace Notifier.Testing.Delivery;

/// <summary>One answer of a flapping management endpoint.</summary>
public enum FlapAnswer
{
    /// <summary>The post reaches the socket (or 410 if the socket is gone), answered at once.</summary>
    Deliver,

    /// <summary>410 GoneException without touching the socket.</summary>
    Gone,

    /// <summary>429 LimitExceededException.</summary>
    Throttle,

    /// <summary>500 InternalServerErrorException, nothing delivered.</summary>
    ServerError,

    /// <summary>No answer before the client gives up; nothing delivered.</summary>
    TimeoutBeforeDelivery,

    /// <summary>Delivered to the socket, but no answer before the client gives up.</summary>
    TimeoutAfterDelivery,
}

/// <summary>
/// A seeded script of answers for one connection (the n-th post gets the n-th answer, the last one repeated), and
/// what the sender must make of it under its retry policy: the report's status, the posts made, and whether the
/// socket ends up holding the message.
/// </summary>
public sealed record FlapScript(IReadOnlyList<FlapAnswer> Answers)
{
    public FlapAnswer AnswerTo(int post) => Answers[Math.Min(post, Answers.Count - 1)];

    /// <summary>A script of one to <paramref name="maxLength"/> answers, weighted towards the common ones.</summary>
    public static FlapScript Random(Random random, int maxLength = 4)
    {
        ArgumentNullException.ThrowIfNull(random);
        FlapAnswer[] weighted =
        [
            FlapAnswer.Deliver, FlapAnswer.Deliver, FlapAnswer.Deliver, FlapAnswer.Gone, FlapAnswer.Throttle, FlapAnswer.Throttle,
            FlapAnswer.ServerError, FlapAnswer.ServerError, FlapAnswer.TimeoutBeforeDelivery, FlapAnswer.TimeoutAfterDelivery,
        ];
        return new FlapScript([.. Enumerable.Range(0, random.Next(1, maxLength + 1)).Select(_ => weighted[random.Next(weighted.Length)])]);
    }

    /// <summary>What the sender must report for this connection, how many posts it makes, and whether the socket gets the message.</summary>
    public (ManagementCallStatus Status, int Posts, bool Received) Expected(DeliveryOptions options, bool socketOpen)
    {
        ArgumentNullException.ThrowIfNull(options);
        var throttles = 0;
        var transients = 0;
        for (var post = 0; ; post++)
        {
            switch (AnswerTo(post))
            {
                case FlapAnswer.Deliver:
                    return socketOpen ? (ManagementCallStatus.Succeeded, post + 1, true) : (ManagementCallStatus.Gone, post + 1, false);
                case FlapAnswer.Gone:
                    return (ManagementCallStatus.Gone, post + 1, false);
                case FlapAnswer.Throttle when throttles++ < options.ThrottleRetries:
                case FlapAnswer.ServerError when transients++ < options.TransientRetries:
                    continue;
                case FlapAnswer.Throttle:
                    return (ManagementCallStatus.Throttled, post + 1, false);
                case FlapAnswer.ServerError:
                    return (ManagementCallStatus.TransientFailure, post + 1, false);
                case FlapAnswer.TimeoutBeforeDelivery:
                    return (ManagementCallStatus.Unconfirmed, post + 1, false);
                default:
                    return (ManagementCallStatus.Unconfirmed, post + 1, socketOpen);
            }
        }
    }

    public override string ToString() => string.Join(",", Answers);
}
