using System.Net;

namespace Notifier.Browser.Tests;

/// <summary>
/// Nothing missed, with the built client in a real browser against the local gateway: what is published while the page has no
/// connection (the gateway closed it, the page was reloaded) arrives once and in order, each stream numbered 1, 2, 3, ...
/// </summary>
public sealed class BrowserNothingMissedTests
{
    private const string User = "alice";
    private const string UserStream = "user:alice";
    private const string Topic = "orders/42";

    [SkippableFact]
    public async Task ConnectionDeleted_FivePublishedToTheUserAndFiveToTheTopicBeforeTheReconnect_EachArrivesOnceInItsStreamsOrder()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var tab = await ClientPage.OpenAsync(harness, _ => harness.Token(User, "orders/*"));
        await tab.WaitForOpenAsync();
        Assert.Null(await tab.TopicRequestAsync("subscribe", Topic));
        // The client resumes a stream from the last number it delivered, so each stream is heard from first.
        await harness.PublishAsync(User, """{"n":0}""");
        await harness.PublishToTopicAsync(Topic, """{"n":0}""");
        await tab.WaitForMessageAsync(2);
        var deletedId = await tab.ConnectionIdAsync();

        // Held tokens keep the client from connecting again until all ten are published.
        await tab.HoldTokensAsync();
        Assert.Equal(HttpStatusCode.NoContent, await harness.DeleteConnectionAsync(deletedId));
        for (var n = 1; n <= 5; n++)
        {
            await harness.PublishAsync(User, $$"""{"n":{{n}}}""");
            await harness.PublishToTopicAsync(Topic, $$"""{"n":{{n}}}""");
        }

        await tab.ReleaseTokensAsync();
        await tab.WaitForOpenAsync(times: 2);
        await tab.WaitForMessageAsync(12);
        await PublishMarkerAndWaitAsync(harness, tab, n: 6, alreadySeen: 12);

        var delivered = await tab.DeliveredAsync();
        Assert.Equal(13, delivered.Count);
        Assert.Equal(Numbered(0, 6), InStream(delivered, UserStream));
        Assert.Equal(Numbered(0, 5), InStream(delivered, Topic));
        Assert.NotEqual(deletedId, await tab.ConnectionIdAsync());
        Assert.Empty(await tab.SeenAsync("gaps"));
        Assert.Empty(await tab.SeenAsync("errors"));
    }

    [SkippableFact]
    public async Task PageReloaded_WithSessionStorage_TheNewPageReceivesWhatWasPublishedWhileAway_NotWhatTheOldPageHad()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var tab = await ClientPage.OpenAsync(harness, _ => harness.Token(User, "orders/*"), useSessionStorage: true);
        await tab.WaitForOpenAsync();
        Assert.Null(await tab.TopicRequestAsync("subscribe", Topic));
        await harness.PublishAsync(User, """{"n":0}""");
        await harness.PublishAsync(User, """{"n":1}""");
        await harness.PublishToTopicAsync(Topic, """{"n":0}""");
        await tab.WaitForMessageAsync(3);
        var oldId = await tab.ConnectionIdAsync();

        await tab.ReloadAsync();
        Assert.True(
            await BrowserHarness.WaitUntilAsync(() => !harness.Gateway.Connections.TryGet(oldId, out _)),
            "the gateway never counted the unloaded page's connection closed");
        for (var n = 2; n <= 4; n++)
        {
            await harness.PublishAsync(User, $$"""{"n":{{n}}}""");
        }

        await harness.PublishToTopicAsync(Topic, """{"n":1}""");
        await harness.PublishToTopicAsync(Topic, """{"n":2}""");
        await tab.StartClientAsync();
        await tab.WaitForOpenAsync();
        // The new page's client resumes the user's stream as it connects, and the topic's as it subscribes again.
        Assert.Null(await tab.TopicRequestAsync("subscribe", Topic));
        await tab.WaitForMessageAsync(5);
        await PublishMarkerAndWaitAsync(harness, tab, n: 5, alreadySeen: 5);

        var delivered = await tab.DeliveredAsync();
        Assert.Equal(6, delivered.Count);
        Assert.Equal(Numbered(2, 5), InStream(delivered, UserStream));
        Assert.Equal(Numbered(1, 2), InStream(delivered, Topic));
        Assert.Equal(["connect"], await tab.SeenAsync("reasons"));
        Assert.Empty(await tab.SeenAsync("gaps"));
        Assert.Empty(await tab.SeenAsync("errors"));
    }

    [SkippableFact]
    public async Task Resume_OfFiveHundredMissed_WithTwentyMorePublishedWhileItIsAnswered_DeliversEveryOneOnceInOrder_WithoutAGap()
    {
        const int missed = 500;
        const int duringResume = 20;
        await using var harness = await BrowserHarness.StartAsync();
        var tab = await ClientPage.OpenAsync(harness, _ => harness.Token(User));
        await tab.WaitForOpenAsync();
        await harness.PublishAsync(User, """{"n":0}""");
        await tab.WaitForMessageAsync(1);
        var deletedId = await tab.ConnectionIdAsync();
        await tab.HoldTokensAsync();
        Assert.Equal(HttpStatusCode.NoContent, await harness.DeleteConnectionAsync(deletedId));
        for (var n = 1; n <= missed; n++)
        {
            await harness.PublishAsync(User, $$"""{"n":{{n}}}""");
        }

        // With no topics, the first frame the new connection sends is its resume: publishing from the moment the gateway
        // has it races the resume's reads of the stream and its posts of the 500 (live ones arrive among and ahead of them).
        var publishedDuringResume = Task.Run(async () =>
        {
            Assert.True(
                await BrowserHarness.WaitUntilAsync(() => harness.Gateway.Connections.All.Any(c => c.UserId == User && c.ConnectionId != deletedId && c.MessagesIn > 0)),
                "the client never sent its resume");
            for (var n = missed + 1; n <= missed + duringResume; n++)
            {
                await harness.PublishAsync(User, $$"""{"n":{{n}}}""");
            }
        });
        await tab.ReleaseTokensAsync();
        await publishedDuringResume.WaitAsync(BrowserHarness.Timeout);
        await tab.WaitForMessageAsync(1 + missed + duringResume);
        await PublishMarkerAndWaitAsync(harness, tab, n: missed + duringResume + 1, alreadySeen: 1 + missed + duringResume);

        var delivered = await tab.DeliveredAsync();
        Assert.Equal(missed + duringResume + 2, delivered.Count);
        Assert.Equal(Numbered(0, missed + duringResume + 1), InStream(delivered, UserStream));
        Assert.Equal(delivered.Count, delivered.Select(d => d.Id).Distinct().Count());
        Assert.Empty(await tab.SeenAsync("gaps"));
        Assert.Empty(await tab.SeenAsync("errors"));
    }

    /// <summary>
    /// Publishes <c>{"n":<paramref name="n"/>}</c> to the user and waits for it as the page's next message: anything the
    /// client delivered late (a repeat, a message held back) would have come before it, so the count after it is final.
    /// </summary>
    private static async Task PublishMarkerAndWaitAsync(BrowserHarness harness, ClientPage page, int n, int alreadySeen)
    {
        await harness.PublishAsync(User, $$"""{"n":{{n}}}""");

        var next = await page.WaitForMessageAsync(alreadySeen + 1);

        Assert.Equal(n, next.GetProperty("n").GetInt32());
    }

    /// <summary>The (seq, n) pairs of the messages <c>{"n":firstN}</c> to <c>{"n":lastN}</c>: every stream here is published from <c>{"n":0}</c>, numbered 1.</summary>
    private static List<(long? Seq, int N)> Numbered(int firstN, int lastN) =>
        Enumerable.Range(firstN, lastN - firstN + 1).Select(n => ((long?)(n + 1), n)).ToList();

    private static List<(long? Seq, int N)> InStream(IEnumerable<DeliveredMessage> delivered, string stream) =>
        delivered.Where(d => d.Stream == stream).Select(d => (d.Seq, d.N)).ToList();
}
