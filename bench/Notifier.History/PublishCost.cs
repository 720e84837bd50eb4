using System.Diagnostics;
using Notifier.Core.Delivery;

namespace Notifier.History;

/// <summary>
/// Suite (a): the cost of the history on a send. The same <see cref="NotificationSender"/> (DynamoDB connection store,
/// SigV4-signed posts to the counting stub) with a <c>DynamoDbMessageHistory</c> and without one, sending to a user with
/// N connections and to a topic of N subscribers; every connection is <c>notifier.v1</c>, so with the history each one
/// receives an envelope. DynamoDB requests are counted on the wire.
/// </summary>
/// <remarks>
/// Within a round each target's two cases run back to back, the one first in odd rounds second in even ones, so the
/// machine's noise falls on both alike. Every send must be reported delivered to N connections and counted N times at
/// the stub.
/// </remarks>
internal static class PublishCost
{
    public const string User = "bench-user";
    public const string Topic = "bench/news";

    public static async Task<IReadOnlyList<PublishCase>> RunAsync(HistoryRig rig, int connections, int rounds, int sendsPerRound, TextWriter log)
    {
        var seeding = Stopwatch.StartNew();
        await rig.SeedAsync(User, connections, Topic);
        log.WriteLine($"seeded {connections:N0} connections of {User}, each subscribed to {Topic}, in {seeding.Elapsed.TotalSeconds:F1} s");

        var message = NotificationMessage.Parse("""{"type":"order.updated","orderId":"A-1042","status":"shipped","at":"2026-12-02T02:00:00Z"}""");
        var plain = new NotificationSender(rig.Store, rig.Channel);
        var numbered = new NotificationSender(rig.Store, rig.Channel, history: rig.History);
        var userTarget = $"a user with {connections:N0} connections";
        var topicTarget = $"a topic of {connections:N0} subscribers";
        PublishCase[][] pairs =
        [
            [
                new PublishCase(userTarget, false, () => plain.SendToUserAsync(User, message)),
                new PublishCase(userTarget, true, () => numbered.SendToUserAsync(User, message)),
            ],
            [
                new PublishCase(topicTarget, false, () => plain.SendToTopicAsync(Topic, message)),
                new PublishCase(topicTarget, true, () => numbered.SendToTopicAsync(Topic, message)),
            ],
        ];

        for (var round = 0; round <= rounds; round++)
        {
            var timed = round > 0;
            foreach (var pair in pairs)
            {
                foreach (var @case in round % 2 == 1 ? pair : pair.Reverse())
                {
                    var times = await RunCaseAsync(rig, @case, connections, timed ? sendsPerRound : Math.Max(1, sendsPerRound / 4), timed);
                    log.WriteLine($"{(timed ? $"round {round}" : "warm-up")}: {@case.Target}, {@case.Name}: median {Samples.Median(times):F1} ms over {times.Count} sends");
                }
            }
        }

        return [.. pairs.SelectMany(pair => pair)];
    }

    private static async Task<List<double>> RunCaseAsync(HistoryRig rig, PublishCase @case, int connections, int sends, bool timed)
    {
        var times = new List<double>(sends);
        rig.Calls.Reset();
        for (var i = 0; i < sends; i++)
        {
            var posts = rig.Endpoint.Total;
            var started = Stopwatch.GetTimestamp();
            var report = await @case.Send().WaitAsync(TimeSpan.FromMinutes(2));
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var posted = rig.Endpoint.Total - posts;
            if (report.Delivered.Count != connections || posted != connections)
            {
                var failures = string.Join("; ", report.Failed.Take(3).Select(f => $"{f.ConnectionId} {f.Status} {f.Reason}"));
                throw new InvalidOperationException(
                    $"{@case.Target}, {@case.Name}: {report.Delivered.Count} delivered, {report.Gone.Count} gone, {report.Failed.Count} failed ({failures}) and {posted} posts counted; {connections} expected");
            }
        }

        if (timed)
        {
            @case.Times.AddRange(times);
            @case.RoundMedians.Add(Samples.Median(times));
            @case.Sends += sends;
            @case.Writes += rig.Calls.Writes;
            @case.Calls += rig.Calls.Total;
            foreach (var (operation, count) in rig.Calls.Calls)
            {
                @case.Operations[operation] = @case.Operations.GetValueOrDefault(operation) + count;
            }
        }

        return times;
    }
}
