using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Notifier.Core.History;
using Notifier.Core.Messages;
using Notifier.Core.Topics;

namespace Notifier.History;

/// <summary>
/// Suite (b): the time to resume M missed messages from seq 0. A <see cref="StreamResumer"/> (DynamoDB connection store,
/// SigV4-signed posts to the counting stub, as the <c>$default</c> function builds it) over a <c>DynamoDbMessageHistory</c>
/// and over an <see cref="InMemoryMessageHistory"/> holding the same M messages; and, when a gateway is given, the local
/// gateway over a real socket (<see cref="GatewayResume"/>).
/// </summary>
/// <remarks>Rounds run the cases in turn, in rotated order; each resume must answer <c>resumed</c> with <c>last</c> M, complete, after M notifications.</remarks>
internal static class ResumeTime
{
    public const string User = "resume-user";

    public static async Task<IReadOnlyList<ResumeCase>> RunAsync(HistoryRig rig, int messages, int rounds, GatewayResume? gateway, TextWriter log)
    {
        var stream = StreamName.ForUser(User);
        var caller = (await rig.SeedAsync(User, 1))[0];
        var inMemory = new InMemoryMessageHistory();
        var filling = Stopwatch.StartNew();
        await FillAsync(rig.History, stream, messages);
        await FillAsync(inMemory, stream, messages);
        log.WriteLine($"stored {messages:N0} messages in {stream} in each history in {filling.Elapsed.TotalSeconds:F1} s");

        var clientCaller = new ClientCaller(caller.ConnectionId, User, TopicGrants.None);
        var fromDynamoDb = new StreamResumer(rig.Store, rig.Channel, rig.History);
        var fromMemory = new StreamResumer(rig.Store, rig.Channel, inMemory);
        var dynamoDbCalls = new List<long>();
        var cases = new List<ResumeCase>
        {
            new("StreamResumer, DynamoDbMessageHistory (dynalite)", async () =>
            {
                rig.Calls.Reset();
                var posted = await ResumeDirectAsync(rig, fromDynamoDb, clientCaller, stream, messages);
                dynamoDbCalls.Add(rig.Calls.Total);
                return posted;
            }),
            new("StreamResumer, InMemoryMessageHistory", () => ResumeDirectAsync(rig, fromMemory, clientCaller, stream, messages)),
        };
        if (gateway is not null)
        {
            await gateway.FillAsync(User, messages);
            cases.Add(new ResumeCase("local gateway, real socket, notifier.v1: resume frame to resumed frame (in-memory history)", () => gateway.ResumeAsync(stream, messages)));
        }

        for (var round = 0; round <= rounds; round++)
        {
            for (var i = 0; i < cases.Count; i++)
            {
                var @case = cases[(i + round) % cases.Count];
                var started = Stopwatch.GetTimestamp();
                var received = await @case.Resume().WaitAsync(TimeSpan.FromMinutes(2));
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (received != messages)
                {
                    throw new InvalidOperationException($"{@case.Name}: {received} notifications; {messages} expected");
                }

                if (round > 0)
                {
                    @case.Times.Add(elapsed);
                }

                log.WriteLine($"{(round > 0 ? $"round {round}" : "warm-up")}: {@case.Name}: {elapsed:F1} ms");
            }
        }

        cases[0].DynamoDbCalls = dynamoDbCalls.Average();
        return cases;
    }

    private static async Task FillAsync(IMessageHistory history, string stream, int messages)
    {
        await Parallel.ForEachAsync(Enumerable.Range(1, messages), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, token) =>
            await history.AppendAsync(stream, Guid.NewGuid().ToString("N"), Encoding.UTF8.GetBytes($$"""{"type":"order.updated","orderId":"A-{{n}}","status":"shipped"}"""), token));
    }

    /// <summary>One resume from seq 0 through <paramref name="resumer"/>; returns the posts the stub counted, after checking the reply.</summary>
    private static async Task<int> ResumeDirectAsync(HistoryRig rig, StreamResumer resumer, ClientCaller caller, string stream, int messages)
    {
        var before = rig.Endpoint.Total;
        var reply = await resumer.ResumeAsync(caller, [new StreamPosition(stream, 0)]);
        CheckResumed(reply, stream, messages);
        return (int)(rig.Endpoint.Total - before);
    }

    /// <summary>Throws unless <paramref name="reply"/> is the <c>resumed</c> frame with <paramref name="stream"/> complete up to <paramref name="last"/>.</summary>
    public static void CheckResumed(string reply, string stream, int last)
    {
        using var frame = JsonDocument.Parse(reply);
        var root = frame.RootElement;
        if (root.GetProperty("type").GetString() != "resumed"
            || !root.GetProperty("streams").TryGetProperty(stream, out var resumed)
            || resumed.GetProperty("last").GetInt64() != last
            || !resumed.GetProperty("complete").GetBoolean())
        {
            throw new InvalidOperationException($"the resume answered {reply}");
        }
    }
}
