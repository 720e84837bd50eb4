using System.Net;

namespace Notifier.Browser.Tests;

/// <summary>Topic subscriptions of the built client in a real browser against the local gateway: allowed, refused, restored after a DELETE, ended.</summary>
public sealed class BrowserTopicTests
{
    private const string Topic = "orders/42";

    [SkippableFact]
    public async Task Subscribe_AllowedByAPrefixClaim_TopicPublishReachesThePage_NotAnotherUsersPage()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var subscriber = await ClientPage.OpenAsync(harness, _ => harness.Token("alice", "orders/*"));
        var other = await ClientPage.OpenAsync(harness, _ => harness.Token("bob", "orders/*"));
        await Task.WhenAll(subscriber.WaitForOpenAsync(), other.WaitForOpenAsync());

        Assert.Null(await subscriber.TopicRequestAsync("subscribe", Topic));
        var report = await harness.PublishToTopicAsync(Topic, """{"type":"order.updated","orderId":42}""");

        Assert.Equal(1, report.GetProperty("recipients").GetInt32());
        Assert.Equal(42, (await subscriber.WaitForMessageAsync(1)).GetProperty("orderId").GetInt32());
        await AssertNothingMoreArrivedAsync(harness, other, "bob", alreadySeen: 0);
    }

    [SkippableFact]
    public async Task Subscribe_TopicTheTokenDoesNotAllow_RejectsWithTheServersReason_AndChangesNothing()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var tab = await OpenSubscribedAsync(harness);

        var refusal = await tab.TopicRequestAsync("subscribe", "admin/x");

        Assert.Equal("""topic "admin/x" is not allowed by the token's topics claim""", refusal);
        Assert.Equal([Topic], await tab.TopicsAsync());
        Assert.Equal(0, await harness.MembersAsync("admin/x"));
        Assert.Equal(1, await harness.MembersAsync(Topic));
        Assert.Empty(await tab.SeenAsync("errors"));
        Assert.Equal("open", await tab.Page.EvaluateAsync<string>("() => window.client.state"));
    }

    [SkippableFact]
    public async Task ConnectionDeletedByTheGateway_SubscriptionIsRestoredByTheClient_AndTheNextTopicPublishArrives()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var tab = await OpenSubscribedAsync(harness);
        var deletedId = await tab.ConnectionIdAsync();

        Assert.Equal(HttpStatusCode.NoContent, await harness.DeleteConnectionAsync(deletedId));
        await tab.WaitForOpenAsync(times: 2);

        // The restored subscribe went out on the new connection before this whoami, and the gateway answers a connection's messages in order.
        Assert.NotEqual(deletedId, await tab.ConnectionIdAsync());
        Assert.Equal(1, await harness.WaitForMembersAsync(Topic, expected: 1));
        Assert.Equal([Topic], await tab.TopicsAsync());
        var report = await harness.PublishToTopicAsync(Topic, """{"n":2}""");
        Assert.Equal(1, report.GetProperty("recipients").GetInt32());
        Assert.Equal(2, (await tab.WaitForMessageAsync(1)).GetProperty("n").GetInt32());
        Assert.Empty(await tab.SeenAsync("errors"));
    }

    [SkippableFact]
    public async Task Unsubscribe_StopsDelivery()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var tab = await OpenSubscribedAsync(harness);
        await harness.PublishToTopicAsync(Topic, """{"n":1}""");
        Assert.Equal(1, (await tab.WaitForMessageAsync(1)).GetProperty("n").GetInt32());

        Assert.Null(await tab.TopicRequestAsync("unsubscribe", Topic));
        var report = await harness.PublishToTopicAsync(Topic, """{"n":2}""");

        Assert.Equal(0, report.GetProperty("recipients").GetInt32());
        Assert.Equal(0, await harness.MembersAsync(Topic));
        Assert.Empty(await tab.TopicsAsync());
        await AssertNothingMoreArrivedAsync(harness, tab, "alice", alreadySeen: 1);
    }

    /// <summary>A page of alice's, whose token allows <c>orders/*</c>, subscribed to <see cref="Topic"/>.</summary>
    private static async Task<ClientPage> OpenSubscribedAsync(BrowserHarness harness)
    {
        var tab = await ClientPage.OpenAsync(harness, _ => harness.Token("alice", "orders/*"));
        await tab.WaitForOpenAsync();
        Assert.Null(await tab.TopicRequestAsync("subscribe", Topic));
        return tab;
    }

    /// <summary>
    /// Publishes a marker to <paramref name="user"/> and asserts it is the only message after the <paramref name="alreadySeen"/>
    /// the page had: anything sent to the same connection before the marker would have arrived before it.
    /// </summary>
    private static async Task AssertNothingMoreArrivedAsync(BrowserHarness harness, ClientPage page, string user, int alreadySeen)
    {
        await harness.PublishAsync(user, """{"marker":true}""");

        var next = await page.WaitForMessageAsync(alreadySeen + 1);

        Assert.True(next.TryGetProperty("marker", out _), $"expected the marker, got {next}");
        Assert.Equal(alreadySeen + 1, (await page.MessagesAsync()).GetArrayLength());
    }
}
