using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Testing.Events;

namespace Notifier.Functions.Tests.Handlers;

public sealed class ConnectionCapTests
{
    private const string ConnectionId = "Jx2fCd1voAMCLtg=";
    private const string ConnectionCapVariable = "NOTIFIER_MAX_CONNECTIONS_PER_USER";

    [Fact]
    public async Task InvokeAsync_UserAtTheDefaultCap_Is429_StoresNothing_AndLogsNoUser()
    {
        var fixture = new FunctionFixture();
        await OpenAsync(fixture.Store, "user-123", 20);

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        Assert.Equal(429, response.GetProperty("statusCode").GetInt32());
        Assert.Null(await fixture.Store.GetAsync(ConnectionId));
        Assert.Contains($"Refused connection {ConnectionId}: its user already holds 20 connections", fixture.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("user-123", fixture.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_UserOneUnderTheCap_IsAccepted()
    {
        var fixture = new FunctionFixture();
        await OpenAsync(fixture.Store, "user-123", 19);

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal(20, (await fixture.Store.ListByUserAsync("user-123")).Count);
    }

    [Fact]
    public async Task InvokeAsync_OtherUsersConnections_DoNotCount()
    {
        var fixture = new FunctionFixture();
        await OpenAsync(fixture.Store, "someone-else", 50);

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
    }

    [Theory]
    [InlineData("3", 3, 429)]
    [InlineData("4", 3, 200)]
    [InlineData("0", 500, 200)]
    public async Task InvokeAsync_ConfiguredCap_IsHonoured(string setting, int open, int expectedStatus)
    {
        var fixture = new FunctionFixture();
        fixture.Settings[ConnectionCapVariable] = setting;
        await OpenAsync(fixture.Store, "user-123", open);

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        Assert.Equal(expectedStatus, response.GetProperty("statusCode").GetInt32());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("lots")]
    [InlineData("10001")]
    public void Create_InvalidCap_FailsTheColdStartNamingTheSetting(string setting)
    {
        var fixture = new FunctionFixture();
        fixture.Settings[ConnectionCapVariable] = setting;

        var error = Assert.Throws<NotifierConfigurationException>(() => fixture.Catalog.Create("connect"));

        Assert.Contains(ConnectionCapVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ExpiredRecordsOfTheUser_DoNotCount()
    {
        var fixture = new FunctionFixture();
        var longAgo = DateTimeOffset.UtcNow.AddHours(-3);
        for (var i = 0; i < 20; i++)
        {
            await fixture.Store.AddAsync(new ConnectionRecord($"old-{i}", "user-123", "https://example.com/prod", longAgo, ConnectionLifetime.ExpiresAt(longAgo)));
        }

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
    }

    private static async Task OpenAsync(IConnectionStore store, string userId, int count)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            await store.AddAsync(new ConnectionRecord($"{userId}-{i}", userId, "https://example.com/prod", now, ConnectionLifetime.ExpiresAt(now)));
        }
    }
}
