using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Notifier.Aws.Events;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

public sealed class GatewayEventsTests
{
    private static readonly DateTimeOffset Now = new(2023, 1, 19, 21, 13, 26, 344, TimeSpan.Zero);
    private readonly GatewayOptions _options = new() { Stage = "prod", ApiId = "abcdef1234", AccountId = "123456789012" };
    private readonly ConnectionIdentity _identity = new("203.0.113.7", "Mozilla/5.0", Now);

    private GatewayEvents Events => new(_options, new FakeTimeProvider(Now));

    private static JsonElement Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(value, type)).RootElement;

    private static DefaultHttpContext Handshake()
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("127.0.0.1:8080");
        context.Request.QueryString = new QueryString("?token=abc&token=def");
        context.Request.Headers.Origin = "https://app.example.com";
        return context;
    }

    [Fact]
    public void Authorizer_HasApiGatewaysShape()
    {
        var request = Handshake().Request;
        var json = Json(Events.Authorizer(request, HandshakeQuery.Of(request), "Jx2fCd1voAMCLtg=", _identity), ApiGatewayJson.Context.WebSocketAuthorizerRequest);

        Assert.Equal("REQUEST", json.GetProperty("type").GetString());
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/$connect", json.GetProperty("methodArn").GetString());
        Assert.Equal("def", json.GetProperty("queryStringParameters").GetProperty("token").GetString());
        Assert.Equal(2, json.GetProperty("multiValueQueryStringParameters").GetProperty("token").GetArrayLength());
        Assert.Equal("https://app.example.com", json.GetProperty("headers").GetProperty("Origin").GetString());
        var context = json.GetProperty("requestContext");
        Assert.Equal("$connect", context.GetProperty("routeKey").GetString());
        Assert.Equal("CONNECT", context.GetProperty("eventType").GetString());
        Assert.Equal(Now.ToUnixTimeMilliseconds(), context.GetProperty("connectedAt").GetInt64());
        Assert.Equal("19/Jan/2023:21:13:26 +0000", context.GetProperty("requestTime").GetString());
        Assert.Equal("203.0.113.7", context.GetProperty("identity").GetProperty("sourceIp").GetString());
        Assert.Equal("127.0.0.1:8080", context.GetProperty("domainName").GetString());
        Assert.Equal("prod", context.GetProperty("stage").GetString());
        Assert.Equal("abcdef1234", context.GetProperty("apiId").GetString());
    }

    [Fact]
    public void Connection_UserId_IsThePrincipalEveryEventCarries()
    {
        var authorizer = JsonDocument.Parse("""{"principalId":"alice","team":"blue","principalId":"mallory"}""").RootElement;
        using var socket = WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true });
        var connection = new LocalConnection("Jx2fCd1voAMCLtg=", socket, _identity, authorizer, TimeProvider.System, 32 * 1024);

        var message = Json(Events.Message(connection, "127.0.0.1:8080", "$default", "{}", isBase64Encoded: false), ApiGatewayJson.Context.WebSocketEvent);

        Assert.Equal("mallory", connection.UserId);
        Assert.Equal("mallory", message.GetProperty("requestContext").GetProperty("authorizer").GetProperty("principalId").GetString());
        Assert.Equal("blue", message.GetProperty("requestContext").GetProperty("authorizer").GetProperty("team").GetString());
    }

    [Fact]
    public void MessageAndDisconnect_CarryAuthorizerMessageIdAndCloseStatus()
    {
        var authorizer = JsonDocument.Parse("""{"principalId":"alice"}""").RootElement;
        using var socket = WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true });
        var connection = new LocalConnection("Jx2fCd1voAMCLtg=", socket, _identity, authorizer, TimeProvider.System, 32 * 1024);

        var message = Json(Events.Message(connection, "127.0.0.1:8080", "$default", "{}", isBase64Encoded: false), ApiGatewayJson.Context.WebSocketEvent);
        var disconnect = Json(Events.Disconnect(connection, "127.0.0.1:8080", new CloseRequest(1006, "")), ApiGatewayJson.Context.WebSocketEvent);

        Assert.Equal("MESSAGE", message.GetProperty("requestContext").GetProperty("eventType").GetString());
        Assert.Equal(16, message.GetProperty("requestContext").GetProperty("messageId").GetString()!.Length);
        Assert.Equal("alice", message.GetProperty("requestContext").GetProperty("authorizer").GetProperty("principalId").GetString());
        Assert.Equal("{}", message.GetProperty("body").GetString());
        Assert.Equal("$disconnect", disconnect.GetProperty("requestContext").GetProperty("routeKey").GetString());
        Assert.Equal(1006, disconnect.GetProperty("requestContext").GetProperty("disconnectStatusCode").GetInt32());
        Assert.Equal(string.Empty, disconnect.GetProperty("requestContext").GetProperty("disconnectReason").GetString());
    }

    [Fact]
    public void ConnectionIds_LookLikeApiGateways()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => ConnectionIds.New()).ToList();

        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9+/]{15}=$", id));
        Assert.Equal(200, ids.Distinct().Count());
    }
}
