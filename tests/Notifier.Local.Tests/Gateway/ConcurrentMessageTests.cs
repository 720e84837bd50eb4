using System.Text.Json;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// One connection's messages run concurrently, as API Gateway invokes <c>$default</c> without waiting for the one
/// before: a slow message does not hold up the next, and the subscriptions stored match what the replies said.
/// </summary>
public sealed class ConcurrentMessageTests
{
    [Fact]
    public async Task SlowSubscribe_DoesNotHoldUpAPingSentAfterIt()
    {
        var store = new HookedConnectionStore();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeTopicOperation = topic => topic == "room:slow" ? release.Task.WaitAsync(GatewayHarness.Timeout) : Task.CompletedTask;
        await using var harness = await GatewayHarness.StartAsync(store: store);
        var client = await harness.ConnectWithTopicsAsync("alice", "room:*");

        await GatewayHarness.SendTextAsync(client, """{"action":"subscribe","topic":"room:slow"}""");
        await GatewayHarness.SendTextAsync(client, """{"action":"ping"}""");

        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(client));
        release.SetResult();
        Assert.Contains("\"subscribed\"", await GatewayHarness.ReceiveTextAsync(client), StringComparison.Ordinal);
    }

    /// <remarks>
    /// A subscribe and an unsubscribe of one topic sent back to back have no defined order, here as on API Gateway: the
    /// store ends with whichever write it applied last, and each reply is sent when its own invocation ends. What holds
    /// is that every confirmation is a write the store applied, and the store holds exactly each topic's last write.
    /// </remarks>
    [Fact]
    public async Task SubscribeUnsubscribeBurst_EveryConfirmationIsAWrite_StoreHoldsEachTopicsLastWrite()
    {
        var store = new HookedConnectionStore();
        var jitter = new Random(1717);
        store.BeforeTopicOperation = _ => Task.Delay(Jitter(jitter));
        await using var harness = await GatewayHarness.StartAsync(store: store);
        var client = await harness.ConnectWithTopicsAsync("alice", "room:*");
        var id = await harness.ConnectionIdAsync(client);
        var script = new Random(17);
        var messages = Enumerable.Range(0, 200)
            .Select(_ => (Action: script.Next(2) == 0 ? "subscribe" : "unsubscribe", Topic: $"room:{script.Next(12)}"))
            .ToList();

        foreach (var (action, topic) in messages)
        {
            await GatewayHarness.SendTextAsync(client, JsonSerializer.Serialize(new Dictionary<string, string> { ["action"] = action, ["topic"] = topic }));
        }

        var replies = new List<(string Type, string Topic)>();
        for (var i = 0; i < messages.Count; i++)
        {
            using var reply = JsonDocument.Parse(await GatewayHarness.ReceiveTextAsync(client));
            replies.Add((reply.RootElement.GetProperty("type").GetString()!, reply.RootElement.GetProperty("topic").GetString()!));
        }

        var writes = store.TopicWrites.ToList();
        foreach (var topic in messages.Select(m => m.Topic).Distinct())
        {
            Assert.Equal(replies.Count(r => r == ("subscribed", topic)), writes.Count(w => w == ("subscribe", topic)));
            Assert.Equal(replies.Count(r => r == ("unsubscribed", topic)), writes.Count(w => w == ("unsubscribe", topic)));
        }

        var lastWrites = writes.GroupBy(w => w.Topic).Where(g => g.Last().Operation == "subscribe").Select(g => g.Key).Order(StringComparer.Ordinal);
        Assert.Equal(lastWrites, (await store.ListTopicsAsync(id)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SubscribeBurstPastTheLimit_StoresNoMoreThan100_AndExactlyTheConfirmedOnes()
    {
        var store = new HookedConnectionStore();
        var jitter = new Random(100);
        store.BeforeTopicOperation = _ => Task.Delay(Jitter(jitter));
        await using var harness = await GatewayHarness.StartAsync(store: store);
        var client = await harness.ConnectWithTopicsAsync("alice", "room:*");
        var id = await harness.ConnectionIdAsync(client);

        for (var i = 0; i < 150; i++)
        {
            await GatewayHarness.SendTextAsync(client, $$"""{"action":"subscribe","topic":"room:{{i}}"}""");
        }

        var confirmed = new List<string>();
        for (var i = 0; i < 150; i++)
        {
            using var reply = JsonDocument.Parse(await GatewayHarness.ReceiveTextAsync(client));
            if (reply.RootElement.GetProperty("type").GetString() == "subscribed")
            {
                confirmed.Add(reply.RootElement.GetProperty("topic").GetString()!);
            }
        }

        var stored = await store.ListTopicsAsync(id);
        Assert.InRange(stored.Count, 1, 100);
        Assert.Equal(confirmed.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    /// <summary>0 to 20 ms before a topic operation takes effect, so concurrent invocations interleave.</summary>
    private static TimeSpan Jitter(Random random)
    {
        lock (random)
        {
            return TimeSpan.FromMilliseconds(random.Next(21));
        }
    }
}
