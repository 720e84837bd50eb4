using Notifier.Core.Connections;
using Notifier.Testing.Connections;
using Notifier.Testing.Events;

namespace Notifier.Functions.Tests.Handlers;

public sealed class DisconnectFunctionTests
{
    [Fact]
    public async Task InvokeAsync_KnownConnection_RemovesRecordAndLogsStatus()
    {
        var fixture = new FunctionFixture();
        await fixture.InvokeAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        var response = await fixture.InvokeForJsonAsync("disconnect", SampleEvents.Bytes(SampleEvents.Load("disconnect")));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Null(await fixture.Store.GetAsync("Jx2fCd1voAMCLtg="));
        Assert.Contains("with status 1001 (Going away); record removed: True", fixture.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_Twice_IsIdempotent()
    {
        var fixture = new FunctionFixture();
        await fixture.InvokeAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        await fixture.InvokeAsync("disconnect", SampleEvents.Bytes(SampleEvents.Load("disconnect")));
        var second = await fixture.InvokeForJsonAsync("disconnect", SampleEvents.Bytes(SampleEvents.Load("disconnect")));

        Assert.Equal(200, second.GetProperty("statusCode").GetInt32());
        Assert.Contains("record removed: False", fixture.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_OtherConnectionsOfUser_AreKept()
    {
        var fixture = new FunctionFixture();
        var now = DateTimeOffset.UtcNow;
        await fixture.Store.AddAsync(new ConnectionRecord("L0SM9cOFvHcCIhw=", "user-123", "https://x/prod", now, ConnectionLifetime.ExpiresAt(now)));
        await fixture.InvokeAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        await fixture.InvokeAsync("disconnect", SampleEvents.Bytes(SampleEvents.Load("disconnect")));

        Assert.Equal("L0SM9cOFvHcCIhw=", Assert.Single(await fixture.Store.ListByUserAsync("user-123")).ConnectionId);
    }

    [Fact]
    public async Task InvokeAsync_StoreDown_Is500WithoutThrowing()
    {
        var fixture = new FunctionFixture(store: new UnavailableConnectionStore());

        var response = await fixture.InvokeForJsonAsync("disconnect", SampleEvents.Bytes(SampleEvents.Load("disconnect")));

        Assert.Equal(500, response.GetProperty("statusCode").GetInt32());
    }
}
