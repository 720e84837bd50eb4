using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Notifier.Aws.Events;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Functions.Handlers;
using Notifier.Functions.Hosting;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// The gateway hands the route functions its event records instead of their JSON: each record must survive that JSON
/// unchanged, and each function must answer it (and change its store) exactly as it answers the JSON.
/// </summary>
public sealed class RouteEventRoundTripTests
{
    private const string ConnectionId = "Jx2fCd1voAMCLtg=";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly GatewayOptions _options = new() { Stage = "local" };
    private readonly ConnectionIdentity _identity = new("127.0.0.1", "Mozilla/5.0", Now);
    private readonly JsonElement _authorizer =
        JsonDocument.Parse("""{"principalId":"alice","topics":"[\"room:*\"]","plan":"pro","level":3}""").RootElement;

    private GatewayEvents Events => new(_options, _time);

    public static TheoryData<string> Bodies => new()
    {
        """{"action":"ping"}""",
        """{"action":"whoami"}""",
        """{"action":"subscribe","topic":"room:1"}""",
        """{"action":"subscribe","topic":"orders"}""",
        """{"action":"unsubscribe","topic":"room:1"}""",
        """{"action":"dance"}""",
        "not json",
        "",
    };

    [Fact]
    public void EveryRouteEvent_SurvivesItsJson()
    {
        var connection = Connection();
        var (request, query) = Handshake();

        AssertSurvivesJson(Events.Connect(request, query, ConnectionId, _identity, _authorizer));
        AssertSurvivesJson(Events.Message(connection, "127.0.0.1:8080", "$default", """{"action":"ping"}""", isBase64Encoded: false));
        AssertSurvivesJson(Events.Message(connection, "127.0.0.1:8080", "$default", "AAEC", isBase64Encoded: true));
        AssertSurvivesJson(Events.Disconnect(connection, "127.0.0.1:8080", new CloseRequest(1001, "Going away")));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task DefaultRoute_AnswersTheRecordAsItAnswersTheJson(string body)
    {
        var direct = await ConnectedAsync();
        var throughJson = await ConnectedAsync();
        var connection = Connection();

        var answer = await direct.Route("default").HandleAsync(Events.Message(connection, "127.0.0.1:8080", "$default", body, false), CancellationToken.None);
        var jsonAnswer = await throughJson.Route("default").InvokeAsync(
            Serialize(Events.Message(connection, "127.0.0.1:8080", "$default", body, false)), CancellationToken.None);

        Assert.Equal(Text(jsonAnswer.Response!), Text(Serialize(answer)));
        Assert.Equal(await TopicsAsync(throughJson.Store), await TopicsAsync(direct.Store));
    }

    [Fact]
    public async Task ConnectAndDisconnect_StoreAndAnswerAsThroughJson()
    {
        var direct = await ConnectedAsync();
        var throughJson = await ConnectedAsync(throughJson: true);
        var directRecord = await direct.Store.GetAsync(ConnectionId);
        var jsonRecord = await throughJson.Store.GetAsync(ConnectionId);
        var connection = Connection();
        var close = new CloseRequest(1000, string.Empty);

        var answer = await direct.Route("disconnect").HandleAsync(Events.Disconnect(connection, "127.0.0.1:8080", close), CancellationToken.None);
        var jsonAnswer = await throughJson.Route("disconnect").InvokeAsync(Serialize(Events.Disconnect(connection, "127.0.0.1:8080", close)), CancellationToken.None);

        Assert.NotNull(directRecord);
        Assert.Equal(jsonRecord, directRecord);
        Assert.Equal(Text(direct.ConnectAnswer), Text(throughJson.ConnectAnswer));
        Assert.Equal(Text(jsonAnswer.Response!), Text(Serialize(answer)));
        Assert.Null(await direct.Store.GetAsync(ConnectionId));
        Assert.Null(await throughJson.Store.GetAsync(ConnectionId));
    }

    /// <summary>A connection over a socket that is never used: the events only read what the connection knows.</summary>
    private LocalConnection Connection() =>
        new(ConnectionId, WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true }), _identity, _authorizer, _time, 32 * 1024);

    private static void AssertSurvivesJson(WebSocketEvent webSocketEvent)
    {
        var json = Serialize(webSocketEvent);
        var parsed = JsonSerializer.Deserialize(json, ApiGatewayJson.Context.WebSocketEvent)!;

        Assert.Equal(Text(json), Text(Serialize(parsed)));
    }

    private static byte[] Serialize(WebSocketEvent webSocketEvent) => JsonSerializer.SerializeToUtf8Bytes(webSocketEvent, ApiGatewayJson.Context.WebSocketEvent);

    private static byte[] Serialize(WebSocketResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, ApiGatewayJson.Context.WebSocketResponse);

    private static string Text(ReadOnlyMemory<byte> json) => System.Text.Encoding.UTF8.GetString(json.Span);

    private static async Task<string> TopicsAsync(InMemoryConnectionStore store) => string.Join(',', await store.ListTopicsAsync(ConnectionId));

    private static (HttpRequest Request, HandshakeQuery Query) Handshake()
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("127.0.0.1:8080");
        context.Request.QueryString = new QueryString("?token=abc&token=def&lang=en");
        context.Request.Headers.Origin = "https://app.example.com";
        context.Request.Headers.SecWebSocketProtocol = "notifier.v1, other";
        return (context.Request, HandshakeQuery.Of(context.Request));
    }

    /// <summary>Functions over their own in-memory store, after <c>$connect</c> (direct, or through its JSON).</summary>
    private async Task<Side> ConnectedAsync(bool throughJson = false)
    {
        // The store reads the same fake clock as the functions, or records made "now" would expire two hours after that date.
        var store = new InMemoryConnectionStore(_time);
        var settings = new SettingsReader(name => name switch
        {
            "NOTIFIER_JWT_SECRET" => "round-trip-secret-0123456789abcdef0123",
            "NOTIFIER_MANAGEMENT_ENDPOINT" => "http://127.0.0.1:8080/local",
            _ => null,
        });
        var catalog = new FunctionCatalog(settings, NullLoggerFactory.Instance, _time, () => store);
        var side = new Side(store, catalog);
        var (request, query) = Handshake();
        var connect = Events.Connect(request, query, ConnectionId, _identity, _authorizer);
        side.ConnectAnswer = throughJson
            ? (await side.Route("connect").InvokeAsync(Serialize(connect), CancellationToken.None)).Response!
            : Serialize(await side.Route("connect").HandleAsync(connect, CancellationToken.None));
        return side;
    }

    private sealed class Side(InMemoryConnectionStore store, FunctionCatalog catalog)
    {
        public InMemoryConnectionStore Store { get; } = store;

        public byte[] ConnectAnswer { get; set; } = [];

        public WebSocketRouteFunction Route(string name) => (WebSocketRouteFunction)catalog.Create(name);
    }
}
