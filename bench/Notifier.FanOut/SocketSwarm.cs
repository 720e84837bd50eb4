using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Notifier.FanOut;

/// <summary>N real WebSocket clients of the gateway, each reading messages and counting them.</summary>
/// <remarks>
/// <see cref="Arm"/> before a send returns a task that completes when N more messages have arrived in
/// all, with the timestamp of the last one; <see cref="PerClientRange"/> then shows whether each
/// client got exactly its one.
/// </remarks>
internal sealed partial class SocketSwarm : IAsyncDisposable
{
    private static readonly byte[] WhoAmI = Encoding.UTF8.GetBytes("""{"action":"whoami"}""");

    private readonly List<ClientWebSocket> _clients = [];
    private readonly List<string> _connectionIds = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { UseCookies = false });
    private int[] _perClient = [];
    private long _received;
    private long _target = long.MaxValue;
    private TaskCompletionSource<long>? _done;

    public IReadOnlyList<string> ConnectionIds => _connectionIds;

    /// <summary>Why connecting stopped short of the number asked for, if it did.</summary>
    public string? ConnectFailure { get; private set; }

    public int Count => _clients.Count;

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp of the <paramref name="count"/>th message from now.</summary>
    public Task<long> Arm(int count)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _done = done;
        Volatile.Write(ref _target, Interlocked.Read(ref _received) + count);
        return done.Task;
    }

    /// <summary>The fewest and most messages any one client has received.</summary>
    public (int Min, int Max) PerClientRange()
    {
        Interlocked.MemoryBarrier();
        return _perClient.Length == 0 ? (0, 0) : (_perClient.Min(), _perClient.Max());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var client in _clients)
        {
            client.Abort();
        }

        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _invoker.Dispose();
        _stop.Dispose();
    }

    private void StartReading()
    {
        _perClient = new int[_clients.Count];
        for (var i = 0; i < _clients.Count; i++)
        {
            _loops.Add(ReadAsync(i));
        }
    }

    private async Task ReadAsync(int index)
    {
        var client = _clients[index];
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await client.ReceiveAsync(buffer.AsMemory(), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.EndOfMessage)
                {
                    Interlocked.Increment(ref _perClient[index]);
                    if (Interlocked.Increment(ref _received) == Volatile.Read(ref _target))
                    {
                        _done?.TrySetResult(Stopwatch.GetTimestamp());
                    }
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped, aborted or closed by the gateway: the per-client counts show any message that did not arrive.
        }
    }

    private static string ConnectionIdOf(ReadOnlySpan<byte> whoami)
    {
        using var reply = JsonDocument.Parse(whoami.ToArray());
        return reply.RootElement.GetProperty("connectionId").GetString()
            ?? throw new InvalidOperationException("whoami reply without a connectionId");
    }
}
