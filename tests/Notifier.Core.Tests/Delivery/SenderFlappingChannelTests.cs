using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;
using Xunit.Abstractions;

namespace Notifier.Core.Tests.Delivery;

/// <summary>The sender's retry policy against seeded scripts of 200, 410, 429, 500 and timeouts: every report line and every post as the policy says.</summary>
public sealed class SenderFlappingChannelTests(ITestOutputHelper output)
{
    private const int Seed = 8;
    private const int Connections = 500;

    private static readonly DeliveryOptions Options = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(4) };

    [Fact]
    public async Task BroadcastAsync_SeededFlappingAnswers_ReportAndPostsMatchThePolicy_NothingPostedAfterItMayHaveArrived()
    {
        var random = new Random(Seed);
        var store = new InMemoryConnectionStore();
        var channel = new ScriptedChannel();
        var scripts = new Dictionary<string, FlapScript>(StringComparer.Ordinal);
        for (var i = 0; i < Connections; i++)
        {
            var id = $"c{i:000}";
            var script = FlapScript.Random(random);
            scripts[id] = script;
            channel.Script(id, [.. Enumerable.Range(0, 12).Select(post => ToStatus(script.AnswerTo(post)))]);
            // Settled connections: the policy the scripts model treats a 410 as final.
            await store.AddAsync(TestRecords.Settled(id, $"user-{i}", "http://127.0.0.1/local"));
        }

        var report = await new NotificationSender(store, channel, Options).BroadcastAsync(NotificationMessage.Parse("""{"n":1}""")).WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"seed {Seed}: {channel.Posts.Count} posts to {Connections} connections; {report.Delivered.Count} delivered, {report.Gone.Count} gone, "
            + string.Join(", ", report.Failed.GroupBy(f => f.Status).Select(g => $"{g.Count()} {g.Key}")));
        Assert.Equal(Connections, report.Recipients);
        foreach (var (id, script) in scripts)
        {
            var (status, posts, _) = script.Expected(Options, socketOpen: true);
            Assert.True(report.StatusOf(id) == status, $"seed {Seed}, {id} [{script}]: reported {report.StatusOf(id)}, expected {status}");
            Assert.True(channel.Attempts(id) == posts, $"seed {Seed}, {id} [{script}]: {channel.Attempts(id)} posts, expected {posts}");
            Assert.Equal(status == ManagementCallStatus.Succeeded ? 1 : 0, channel.Received(id).Count);
        }

        Assert.Equal(report.Gone.Order(StringComparer.Ordinal), scripts.Keys.Where(id => report.StatusOf(id) == ManagementCallStatus.Gone).Order(StringComparer.Ordinal));
        foreach (var id in report.Gone)
        {
            Assert.Null(await store.GetAsync(id));
        }
    }

    private static ManagementCallStatus ToStatus(FlapAnswer answer) => answer switch
    {
        FlapAnswer.Deliver => ManagementCallStatus.Succeeded,
        FlapAnswer.Gone => ManagementCallStatus.Gone,
        FlapAnswer.Throttle => ManagementCallStatus.Throttled,
        FlapAnswer.ServerError => ManagementCallStatus.TransientFailure,
        _ => ManagementCallStatus.Unconfirmed,
    };
}
