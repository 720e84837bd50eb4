using System.Diagnostics;
using Amazon.Runtime;
using Notifier.Aws.Management;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.FanOut;

/// <summary>
/// Suite (a): one notification to N records of one user, posted to <see cref="LoopbackEndpoint"/> by
/// <see cref="NotificationSender"/> over a <see cref="ManagementApiClient"/>, against the sequential loop (the same
/// posts, one at a time, each awaited, with the same client). Signed, the suite also runs the original design's
/// loop as it was written: boto3's <c>post_to_connection</c> in Python (<see cref="Boto3Loop"/>).
/// </summary>
/// <remarks>Rounds interleave the cases, so a burst of load from other work on the machine falls on all of them alike.</remarks>
internal static class LoopbackFanOut
{
    private const string User = FanOutSends.User;

    public static async Task<IReadOnlyList<CaseResult>> RunAsync(int connections, bool signed, BenchOptions options, TextWriter log)
    {
        await using var endpoint = await LoopbackEndpoint.StartAsync(options.StubLatency);
        var suite = (signed ? "loopback, SigV4-signed" : "loopback")
            + (options.StubLatency > TimeSpan.Zero ? $", stub answers after {options.StubLatency.TotalMilliseconds:0} ms" : "");
        var store = new InMemoryConnectionStore();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < connections; i++)
        {
            await store.AddAsync(new ConnectionRecord($"conn{i:D6}=", User, endpoint.Endpoint, now, now.AddHours(2), "127.0.0.1"));
        }

        using var client = new ManagementApiClient(signed
            ? new ManagementApiOptions { Credentials = new BasicAWSCredentials("bench", "bench"), Region = "us-east-1" }
            : new ManagementApiOptions { Signing = ManagementApiSigning.None });
        var records = await store.ListByUserAsync(User);
        var message = NotificationMessage.Parse("""{"type":"bench","text":"fan-out"}""");
        var cases = new List<(string Name, CaseRole Role, Func<Task<int>> Run)>
        {
            ("sequential loop (one post at a time)", CaseRole.SequentialLoop, () => FanOutSends.SequentialAsync(client, records, message)),
            ($"NotificationSender (MaxConcurrency {new DeliveryOptions().MaxConcurrency}, default)", CaseRole.Measured, () => FanOutSends.SendToUserAsync(new NotificationSender(store, client), message)),
        };
        foreach (var concurrency in options.ExtraConcurrency)
        {
            var sender = new NotificationSender(store, client, new DeliveryOptions { MaxConcurrency = concurrency });
            cases.Add(($"NotificationSender (MaxConcurrency {concurrency})", CaseRole.Measured, () => FanOutSends.SendToUserAsync(sender, message)));
        }

        await using var boto3 = signed ? await Boto3Loop.StartAsync(endpoint.Endpoint, records.Select(r => r.ConnectionId)) : null;
        if (boto3 is not null)
        {
            cases.Add(("boto3 loop (the original design: Python, post_to_connection one at a time)", CaseRole.Boto3Loop, () => boto3.SendAsync(message.ToString())));
        }

        var times = cases.Select(_ => new List<double>()).ToArray();
        for (var round = 1 - options.WarmupRounds; round <= options.Rounds; round++)
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

                log.WriteLine($"{suite} {connections}: {(round <= 0 ? "warm-up" : $"round {round}")} {cases[c].Name}: {elapsed:0} ms");
            }
        }

        return [.. cases.Select((c, i) => new CaseResult(suite, connections, c.Name, times[i], c.Role))];
    }
}
