using System.Net;

namespace Notifier.Browser.Tests;

/// <summary>The built client in a real browser against the local gateway: delivery, a second tab, recovery from a DELETE and from a refused token.</summary>
public sealed class BrowserClientTests
{
    [SkippableFact]
    public async Task PublishedNotification_ReachesTheUsersTwoTabs_NotAnotherUser()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var first = await ClientPage.OpenAsync(harness, _ => harness.Token("alice"));
        var second = await ClientPage.OpenAsync(harness, _ => harness.Token("alice"));
        var other = await ClientPage.OpenAsync(harness, _ => harness.Token("bob"));
        await Task.WhenAll(first.WaitForOpenAsync(), second.WaitForOpenAsync(), other.WaitForOpenAsync());

        await harness.PublishAsync("alice", """{"type":"order.shipped","orderId":42}""");

        Assert.Equal(42, (await first.WaitForMessageAsync(1)).GetProperty("orderId").GetInt32());
        Assert.Equal(42, (await second.WaitForMessageAsync(1)).GetProperty("orderId").GetInt32());
        Assert.Empty(await other.SeenAsync("messages"));
        Assert.Equal(["connect"], await first.SeenAsync("reasons"));
    }

    [SkippableFact]
    public async Task ConnectionDeletedByTheGateway_ClientReconnectsByItself_AndReceivesTheNext()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var tab = await ClientPage.OpenAsync(harness, _ => harness.Token("alice"));
        await tab.WaitForOpenAsync();
        var deletedId = await tab.ConnectionIdAsync();

        var deleted = await harness.DeleteConnectionAsync(deletedId);

        Assert.Equal(HttpStatusCode.NoContent, deleted);
        await tab.WaitForOpenAsync(times: 2);
        Assert.NotEqual(deletedId, await tab.ConnectionIdAsync());
        Assert.Equal(["connecting", "open", "reconnecting", "open"], await tab.SeenAsync("states"));
        await harness.PublishAsync("alice", """{"n":2}""");
        Assert.Equal(2, (await tab.WaitForMessageAsync(1)).GetProperty("n").GetInt32());
    }

    [SkippableFact]
    public async Task ExpiredToken_IsRefused_ClientRecoversWithTheFreshTokenItIsGivenNext()
    {
        await using var harness = await BrowserHarness.StartAsync();
        var handedOut = 0;
        var tab = await ClientPage.OpenAsync(harness, _ => ++handedOut == 1 ? BrowserHarness.ExpiredToken("alice") : harness.Token("alice"));

        await tab.WaitForOpenAsync();

        Assert.Equal(["connect", "refused"], await tab.SeenAsync("reasons"));
        Assert.Equal(["connecting", "open"], await tab.SeenAsync("states"));
        Assert.Equal(1, harness.Gateway.Connections.All.Count(c => c.UserId == "alice"));
        await harness.PublishAsync("alice", """{"n":1}""");
        Assert.Equal(1, (await tab.WaitForMessageAsync(1)).GetProperty("n").GetInt32());
    }
}
