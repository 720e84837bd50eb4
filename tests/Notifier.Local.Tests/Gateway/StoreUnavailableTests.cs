using System.Text;
using Notifier.Testing.Connections;

namespace Notifier.Local.Tests.Gateway;

/// <summary>A store that is down: the publish and presence APIs answer 503 with a reason, and the gateway stays up.</summary>
public sealed class StoreUnavailableTests
{
    [Theory]
    [InlineData("""{"userId":"alice","message":{"n":1}}""")]
    [InlineData("""{"userIds":["alice","bob"],"message":{"n":1}}""")]
    [InlineData("""{"connectionId":"L0SM9cOFvHcCIhw=","message":{"n":1}}""")]
    [InlineData("""{"topic":"room:1","message":{"n":1}}""")]
    public async Task Publish_StoreDown_Is503WithAReason(string body)
    {
        await using var harness = await GatewayHarness.StartAsync(store: new UnavailableConnectionStore());

        var response = await harness.Http.PostAsync(
            new Uri(harness.Gateway.BaseAddress, "notifications"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("store is unavailable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("The connection store failed during a publish", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("users/alice/presence")]
    [InlineData("topics/room:1/members")]
    public async Task Queries_StoreDown_Are503WithAReason(string path)
    {
        await using var harness = await GatewayHarness.StartAsync(store: new UnavailableConnectionStore());

        var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, path));

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Contains("store is unavailable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_StoreDown_LeavesTheGatewayServing()
    {
        await using var harness = await GatewayHarness.StartAsync(store: new UnavailableConnectionStore());
        var publish = new StringContent("""{"userId":"alice","message":{"n":1}}""", Encoding.UTF8, "application/json");
        await harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "notifications"), publish);

        var invalid = await harness.Http.PostAsync(
            new Uri(harness.Gateway.BaseAddress, "notifications"), new StringContent("{", Encoding.UTF8, "application/json"));

        Assert.Equal(400, (int)invalid.StatusCode);
    }
}
