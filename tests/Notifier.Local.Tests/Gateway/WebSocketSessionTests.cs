using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Functions.Handlers;
using Notifier.Local.Gateway;
using Notifier.Testing.Logging;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// The receive loop over a loopback socket pair, with a scripted <c>$default</c>: a failing route gets API Gateway's
/// error frame, invocations run concurrently up to the cap, and the session ends only after they have.
/// </summary>
public sealed class WebSocketSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("Throws")]
    [InlineData("Returns500WithoutBody")]
    public async Task FailingDefault_SendsInternalServerErrorFrame_AndTheConnectionStaysOpen(string failure)
    {
        var calls = 0;
        await using var pair = await SessionPair.StartAsync((messageEvent, _) => Interlocked.Increment(ref calls) == 1
            ? failure == "Throws" ? throw new InvalidOperationException("boom") : Task.FromResult(WebSocketResponse.Status(500))
            : Task.FromResult(WebSocketResponse.Status(200, "ok")));

        await pair.SendAsync("first");
        using var frame = JsonDocument.Parse(await pair.ReceiveAsync());
        await pair.SendAsync("second");

        Assert.Equal("Internal server error", frame.RootElement.GetProperty("message").GetString());
        Assert.Equal(SessionPair.ConnectionId, frame.RootElement.GetProperty("connectionId").GetString());
        Assert.False(string.IsNullOrEmpty(frame.RootElement.GetProperty("requestId").GetString()));
        Assert.Equal(3, frame.RootElement.EnumerateObject().Count());
        Assert.Equal("ok", await pair.ReceiveAsync());
        Assert.Equal(WebSocketState.Open, pair.Client.State);
        Assert.False(pair.Session.IsCompleted);
    }

    [Fact]
    public async Task ManyMessages_RunConcurrently_NoMoreThanTheCapAtOnce()
    {
        var running = 0;
        var most = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pair = await SessionPair.StartAsync(async (messageEvent, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await release.Task.WaitAsync(Timeout, token);
            Interlocked.Decrement(ref running);
            return WebSocketResponse.Status(200, messageEvent.Body);
        });

        for (var i = 0; i < 15; i++)
        {
            await pair.SendAsync($"m{i}");
        }

        await WaitUntilAsync(() => Volatile.Read(ref running) == 10);
        await Task.Delay(200);
        Assert.Equal(10, Volatile.Read(ref most));
        release.SetResult();
        var replies = new List<string>();
        for (var i = 0; i < 15; i++)
        {
            replies.Add(await pair.ReceiveAsync());
        }

        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"m{i}").Order(StringComparer.Ordinal), replies.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClientCloses_WhileAnInvocationRuns_SessionEndsOnlyAfterIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = false;
        await using var pair = await SessionPair.StartAsync(async (_, _) =>
        {
            started.SetResult();
            await release.Task.WaitAsync(Timeout);
            Volatile.Write(ref finished, true);
            return WebSocketResponse.Status(200, "late");
        });

        await pair.SendAsync("slow");
        await started.Task.WaitAsync(Timeout);
        await pair.Client.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None).WaitAsync(Timeout);
        await Task.Delay(300);

        Assert.False(pair.Session.IsCompleted, "the session ended while an invocation was still running");
        release.SetResult();
        var close = await pair.Session.WaitAsync(Timeout);
        Assert.True(Volatile.Read(ref finished));
        Assert.Equal(1000, close.Status);
        Assert.DoesNotContain("threw", pair.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyToAClosedSocket_IsDroppedQuietly_NothingUnobserved()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pair = await SessionPair.StartAsync(async (_, _) =>
        {
            await release.Task.WaitAsync(Timeout);
            return WebSocketResponse.Status(200, "late");
        });

        await pair.SendAsync("slow");
        pair.Client.Abort();
        await Task.Delay(200);
        release.SetResult();

        var close = await pair.Session.WaitAsync(Timeout);
        Assert.Equal(1006, close.Status);
        Assert.DoesNotContain("threw", pair.Logs.AllText, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(10))
        {
            Assert.True(waited < Timeout, "the condition did not hold in time");
            await Task.Delay(10);
        }
    }

    /// <summary>A session on the server end of a loopback TCP pair, and a client WebSocket on the other end.</summary>
    private sealed class SessionPair : IAsyncDisposable
    {
        public const string ConnectionId = "c0nnecti0nId=";

        private readonly TcpClient _serverTcp;
        private readonly TcpClient _clientTcp;
        private ILoggerFactory? _factory;

        private SessionPair(TcpClient serverTcp, TcpClient clientTcp, WebSocket client, Task<CloseRequest> session, CapturingLoggerProvider logs)
        {
            _serverTcp = serverTcp;
            _clientTcp = clientTcp;
            Client = client;
            Session = session;
            Logs = logs;
        }

        public WebSocket Client { get; }

        public Task<CloseRequest> Session { get; }

        public CapturingLoggerProvider Logs { get; }

        public static async Task<SessionPair> StartAsync(Func<WebSocketEvent, CancellationToken, Task<WebSocketResponse>> defaultRoute)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var clientTcp = new TcpClient();
            var accepted = listener.AcceptTcpClientAsync();
            await clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(Timeout);
            var serverTcp = await accepted.WaitAsync(Timeout);
            var server = WebSocket.CreateFromStream(serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
            var client = WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
            var route = new ScriptedRoute(defaultRoute);
            var options = new GatewayOptions();
            var functions = new GatewayFunctions(route, route, route, route);
            var logs = new CapturingLoggerProvider();
            var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
            var session = new WebSocketSession(functions, new GatewayEvents(options, TimeProvider.System), options, factory.CreateLogger("session"));
            using var authorizer = JsonDocument.Parse("""{"principalId":"alice"}""");
            var connection = new LocalConnection(
                ConnectionId, server, new ConnectionIdentity("127.0.0.1", "test", DateTimeOffset.UnixEpoch), authorizer.RootElement.Clone(), TimeProvider.System, options.FrameBytes);
            return new SessionPair(serverTcp, clientTcp, client, session.RunAsync(connection, "localhost", null, CancellationToken.None), logs) { _factory = factory };
        }

        public Task SendAsync(string text) =>
            Client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Timeout);

        public async Task<string> ReceiveAsync()
        {
            var buffer = new byte[64 * 1024];
            var result = await Client.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Timeout);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            Assert.True(result.EndOfMessage);
            return Encoding.UTF8.GetString(buffer, 0, result.Count);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Abort();
            _clientTcp.Dispose();
            await Session.WaitAsync(Timeout).ContinueWith(_ => { }, TaskScheduler.Default);
            _serverTcp.Dispose();
            Client.Dispose();
            _factory?.Dispose();
        }
    }

    private sealed class ScriptedRoute(Func<WebSocketEvent, CancellationToken, Task<WebSocketResponse>> handle) : WebSocketRouteFunction
    {
        public override string Name => "scripted";

        public override Task<WebSocketResponse> HandleAsync(WebSocketEvent webSocketEvent, CancellationToken cancellationToken) => handle(webSocketEvent, cancellationToken);
    }
}
