using System.Diagnostics;
using Notifier.Aws.Management;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.FanOut;

/// <summary>
/// Suite (a): one notification to N records of one user, posted to <see cref="LoopbackEndpoint"/> by
/// <see cref="NotificationSender"/> over an unsigned <see cref="ManagementApiClient"/>, against the
/// original design's loop (the same posts, one at a time, each awaited, with the same client).
/// </summary>
/// <remarks>Rounds interleave the cases, so a burst of load from other work on the machine falls on all of them alike.</remarks>
internal static class LoopbackFanOut
{
    private const string User = FanOutSends.User;

    public static async Task<IReadOnlyList<CaseResult>> RunAsync(int connections, BenchOptions options, TextWriter log)
    {
        await using var endpoint = await LoopbackEndpoint.StartAsync(options.StubLatency);
        var suite = options.StubLatency > TimeSpan.Zero ? $"loopback, stub answers after {options.StubLatency.TotalMilliseconds:0} ms" : "loopback";
        var store = new InMemoryConnectionStore();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < connections; i++)
        {
            await store.AddAsync(new ConnectionRecord($"conn{i:D6}=", User, endpoint.Endpoint, now, now.AddHours(2), "127.0.0.1"));
        }

        using var client = new ManagementApiClient(new ManagementApiOptions { Signing = ManagementApiSigning.None });
        var records = await store.ListByUserAsync(User);
        var message = NotificationMessage.Parse("""{"type":"bench","text":"fan-out"}""");
        var cases = new List<(string Name, bool Baseline, Func<Task<int>> Run)>
        {
            ("sequential loop (one post at a time)", true, () => FanOutSends.SequentialAsync(client, records, message)),
            ($"NotificationSender (MaxConcurrency {new DeliveryOptions().MaxConcurrency}, default)", false, () => FanOutSends.SendToUserAsync(new NotificationSender(store, client), message)),
        };
        foreach (var concurrency in options.ExtraConcurrency)
        {
            var sender = new NotificationSender(store, client, new DeliveryOptions { MaxConcurrency = concurrency });
            cases.Add(($"NotificationSender (MaxConcurrency {concurrency})", false, () => FanOutSends.SendToUserAsync(sender, message)));
        }

        var times = cases.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round <= options.Rounds; round++)
        {
            for (var c = 0; c < cases.Count; c++)
            {
                var before = endpoint.Posts;
                var started = Stopwatch.GetTimestamp();
                var delivered = await cases[c].Run().WaitAsync(options.RoundTimeout);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var posts = endpoint.Posts - before;
                if (delivered != connections || posts != connections)
                {
                    throw new InvalidOperationException($"{cases[c].Name}: {delivered} delivered, {posts} posts counted, {connections} expected");
                }

                if (round > 0)
                {
                    times[c].Add(elapsed);
                }

                log.WriteLine($"{suite} {connections}: {(round == 0 ? "warm-up" : $"round {round}")} {cases[c].Name}: {elapsed:0} ms");
            }
        }

        return [.. cases.Select((c, i) => new CaseResult(suite, connections, c.Name, times[i], c.Baseline))];
    }
}
