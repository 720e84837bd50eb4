using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;

// Usage: dotnet EchoServer.dll PORT. Accepts any WebSocket on /local and echoes every message back.
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8090;
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Logging.ClearProviders();

var app = builder.Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
app.Map("/local", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = 426;
        return;
    }

    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    await EchoAsync(socket);
});

Console.WriteLine($"Echo server listening on ws://127.0.0.1:{port}/local");
await app.RunAsync();

static async Task EchoAsync(WebSocket socket)
{
    var buffer = ArrayPool<byte>.Shared.Rent(4096);
    try
    {
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, CancellationToken.None);
        }
    }
    catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
    {
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
