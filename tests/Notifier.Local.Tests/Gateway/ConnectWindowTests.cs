using System.Text;
using System.Text.Json;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// A publish while a connection is opening: <c>$connect</c> has stored its record but the socket is not open yet, so
/// posts to it are answered 410, as API Gateway answers them. The connection must keep its record and receive what
/// is published once it is open.
/// </summary>
public sealed class ConnectWindowTests
{
    [Fact]
    public async Task Publish_BetweenConnectAndOpen_ReportedGone_ButRecordKept_AndTheNextPublishArrives()
    {
        var store = new HookedConnectionStore();
        GatewayHarness? started = null;
        JsonElement? windowReport = null;
        store.AfterAdd = async record => windowReport = await PublishAsync(started!, record.UserId, "welcome");
        await using var harness = started = await GatewayHarness.StartAsync(store: store);

        var client = await harness.ConnectAsync("alice");
        store.AfterAdd = null;
        var id = await harness.ConnectionIdAsync(client);

        Assert.NotNull(windowReport);
        Assert.Equal([id], Ids(windowReport.Value, "gone"));
        Assert.Empty(Ids(windowReport.Value, "delivered"));
        Assert.NotNull(await harness.Store.GetAsync(id).WaitAsync(GatewayHarness.Timeout));
        var later = await PublishAsync(harness, "alice", "later");
        Assert.Equal([id], Ids(later, "delivered"));
        Assert.Equal("""{"n":"later"}""", await GatewayHarness.ReceiveTextAsync(client));
    }

    /// <summary>The same race as a backend runs it, unhooked: it hits the window only now and then, the test above every time.</summary>
    [Fact]
    public async Task Publish_InATightLoopWhileTheSocketOpens_ConnectionKeepsItsRecord_AndTheNextPublishArrives()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var stop = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            var published = 0;
            for (; !stop.IsCancellationRequested; published++)
            {
                await PublishAsync(harness, "alice", "loop");
            }

            return published;
        });

        var client = await harness.ConnectAsync("alice");
        var open = await harness.ConnectionsSettleAtAsync(1);
        await stop.CancelAsync();
        var published = await publishing.WaitAsync(GatewayHarness.Timeout);
        var records = await harness.Store.ListByUserAsync("alice").WaitAsync(GatewayHarness.Timeout);
        var later = await PublishAsync(harness, "alice", "later");

        Assert.Equal(1, open);
        Assert.True(published > 0);
        var id = Assert.Single(records).ConnectionId;
        Assert.Equal([id], Ids(later, "delivered"));
        while (await GatewayHarness.ReceiveTextAsync(client) is var text && text != """{"n":"later"}""")
        {
            Assert.Equal("""{"n":"loop"}""", text);
        }
    }

    private static async Task<JsonElement> PublishAsync(GatewayHarness harness, string userId, string n)
    {
        using var response = await harness.Http.PostAsync(
            new Uri(harness.Gateway.BaseAddress, "notifications"),
            new StringContent($$$"""{"userId":"{{{userId}}}","message":{"n":"{{{n}}}"}}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static List<string> Ids(JsonElement report, string property) =>
        [.. report.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
