using System.Diagnostics;
using System.Text;

namespace Notifier.History;

/// <summary>The history's own share of a send: <c>DynamoDbMessageHistory.AppendAsync</c> alone (an <c>UpdateItem</c>, then a <c>PutItem</c>), one append at a time.</summary>
/// <remarks>
/// A send's time swings by more on a shared machine than the append adds, so the ratio of two sends' medians cannot
/// resolve it; the append timed by itself can. It does not depend on how many connections the send reaches.
/// </remarks>
internal static class AppendTime
{
    public static async Task<List<double>> RunAsync(HistoryRig rig, int rounds, int appendsPerRound, TextWriter log)
    {
        var message = Encoding.UTF8.GetBytes("""{"type":"order.updated","orderId":"A-1042","status":"shipped","at":"2026-12-02T02:00:00Z"}""");
        var times = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var roundTimes = new List<double>(appendsPerRound);
            for (var i = 0; i < appendsPerRound; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await rig.History.AppendAsync("user:append-only", Guid.NewGuid().ToString("N"), message).WaitAsync(TimeSpan.FromMinutes(1));
                roundTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (round > 0)
            {
                times.AddRange(roundTimes);
            }

            log.WriteLine($"{(round > 0 ? $"round {round}" : "warm-up")}: append alone: median {Samples.Median(roundTimes):F1} ms over {appendsPerRound}");
        }

        return times;
    }
}
