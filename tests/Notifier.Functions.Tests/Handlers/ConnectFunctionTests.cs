using System.Text.Json.Nodes;
using Notifier.Core.Connections;
using Notifier.Testing.Connections;
using Notifier.Testing.Events;

namespace Notifier.Functions.Tests.Handlers;

public sealed class ConnectFunctionTests
{
    [Fact]
    public async Task InvokeAsync_AuthorizedConnect_StoresRecordWithEndpointAndExpiry()
    {
        var fixture = new FunctionFixture();
        var connectedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect", connectedAt)));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        var record = await fixture.Store.GetAsync("Jx2fCd1voAMCLtg=");
        Assert.NotNull(record);
        Assert.Equal("user-123", record.UserId);
        Assert.Equal("https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod", record.Endpoint);
        Assert.Equal(connectedAt, record.ConnectedAt);
        Assert.Equal(ConnectionLifetime.ExpiresAt(record.ConnectedAt), record.ExpiresAt);
        Assert.Equal("203.0.113.7", record.SourceIp);
    }

    [Fact]
    public async Task InvokeAsync_EndpointOverride_IsStored()
    {
        var fixture = new FunctionFixture();
        fixture.Settings["NOTIFIER_MANAGEMENT_ENDPOINT"] = "http://127.0.0.1:8080/local/";

        await fixture.InvokeAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        Assert.Equal("http://127.0.0.1:8080/local", (await fixture.Store.GetAsync("Jx2fCd1voAMCLtg="))!.Endpoint);
    }

    [Fact]
    public async Task InvokeAsync_RequestedSubprotocols_EchoesTheFirst()
    {
        var response = await new FunctionFixture().InvokeForJsonAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        Assert.Equal("notifier.v1", response.GetProperty("headers").GetProperty("Sec-WebSocket-Protocol").GetString());
    }

    [Theory]
    [InlineData("json", "json")]
    [InlineData("mqtt", null)]
    public async Task InvokeAsync_SupportedSubprotocolsConfigured_EchoesOnlyASupportedOne(string supported, string? expected)
    {
        var fixture = new FunctionFixture();
        fixture.Settings["NOTIFIER_SUBPROTOCOLS"] = supported;
        var connectEvent = SampleEvents.LoadConnectedAt("connect");
        SampleEvents.SetHeader(connectEvent, "Sec-WebSocket-Protocol", "chat, json");

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(connectEvent));

        var echoed = response.TryGetProperty("headers", out var headers) ? headers.GetProperty("Sec-WebSocket-Protocol").GetString() : null;
        Assert.Equal(expected, echoed);
    }

    [Fact]
    public async Task InvokeAsync_NotifierV1Offered_IsChosenEvenWhenNotConfigured_AndStoredOnTheRecord()
    {
        var fixture = new FunctionFixture();
        fixture.Settings["NOTIFIER_SUBPROTOCOLS"] = "json";

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        Assert.Equal("notifier.v1", response.GetProperty("headers").GetProperty("Sec-WebSocket-Protocol").GetString());
        Assert.Equal("notifier.v1", (await fixture.Store.GetAsync("Jx2fCd1voAMCLtg="))!.Protocol);
    }

    [Fact]
    public async Task InvokeAsync_NoSubprotocolRequested_StoresNoProtocol()
    {
        var fixture = new FunctionFixture();
        var connectEvent = SampleEvents.LoadConnectedAt("connect");
        SampleEvents.SetHeader(connectEvent, "Sec-WebSocket-Protocol", null);

        await fixture.InvokeAsync("connect", SampleEvents.Bytes(connectEvent));

        Assert.Null((await fixture.Store.GetAsync("Jx2fCd1voAMCLtg="))!.Protocol);
    }

    [Fact]
    public async Task InvokeAsync_NoSubprotocolRequested_SendsNoProtocolHeader()
    {
        var connectEvent = SampleEvents.LoadConnectedAt("connect");
        SampleEvents.SetHeader(connectEvent, "Sec-WebSocket-Protocol", null);

        var response = await new FunctionFixture().InvokeForJsonAsync("connect", SampleEvents.Bytes(connectEvent));

        Assert.False(response.TryGetProperty("headers", out _));
    }

    [Fact]
    public async Task InvokeAsync_NoPrincipal_Is401AndStoresNothing()
    {
        var fixture = new FunctionFixture();
        var connectEvent = SampleEvents.LoadConnectedAt("connect");
        connectEvent["requestContext"]!.AsObject().Remove("authorizer");

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(connectEvent));

        Assert.Equal(401, response.GetProperty("statusCode").GetInt32());
        Assert.Null(await fixture.Store.GetAsync("Jx2fCd1voAMCLtg="));
    }

    [Fact]
    public async Task InvokeAsync_StoreDown_Is500AndLogged()
    {
        var fixture = new FunctionFixture(store: new UnavailableConnectionStore());

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(SampleEvents.LoadConnectedAt("connect")));

        Assert.Equal(500, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("Connection store failed during connect for connection Jx2fCd1voAMCLtg=", fixture.Logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"requestContext\":{\"connectionId\":5}}")]
    public async Task InvokeAsync_MalformedEvent_IsRefusedWithoutThrowing(string payload)
    {
        var fixture = new FunctionFixture();

        var response = await fixture.InvokeForJsonAsync("connect", System.Text.Encoding.UTF8.GetBytes(payload));

        Assert.InRange(response.GetProperty("statusCode").GetInt32(), 400, 401);
    }

    [Fact]
    public async Task InvokeAsync_PrincipalNotAString_Is401()
    {
        var fixture = new FunctionFixture();
        var connectEvent = SampleEvents.LoadConnectedAt("connect");
        connectEvent["requestContext"]!["authorizer"] = new JsonObject { ["principalId"] = 7 };

        var response = await fixture.InvokeForJsonAsync("connect", SampleEvents.Bytes(connectEvent));

        Assert.Equal(401, response.GetProperty("statusCode").GetInt32());
    }
}
