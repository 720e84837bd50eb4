using System.Net.WebSockets;
using System.Text.Json;

namespace Notifier.Local.Gateway;

/// <summary>One accepted WebSocket and what API Gateway knows about it.</summary>
/// <remarks>
/// Sends are serialised (a WebSocket allows one send at a time) and split into frames of
/// <see cref="GatewayOptions.FrameBytes"/>, as API Gateway splits messages over 32 KB. The first close
/// reason recorded wins: it becomes the <c>disconnectStatusCode</c> of the <c>$disconnect</c> event.
/// A send that cannot make progress for <see cref="GatewayOptions.PostTimeout"/> (the client stopped reading and its
/// buffers are full) aborts the connection: one stuck client must not hold up every publish that includes it.
/// </remarks>
internal sealed class LocalConnection
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _frameBytes;
    private readonly TimeSpan _postTimeout;
    private long _lastActiveAtTicks;
    private long _messagesIn;
    private long _messagesOut;
    private CloseRequest? _serverClose;

    public LocalConnection(
        string connectionId,
        WebSocket socket,
        ConnectionIdentity identity,
        JsonElement authorizer,
        TimeProvider timeProvider,
        int frameBytes,
        TimeSpan? postTimeout = null)
    {
        ConnectionId = connectionId;
        Socket = socket;
        Identity = identity;
        Authorizer = authorizer;
        UserId = authorizer.TryGetProperty("principalId", out var principal) ? principal.GetString() ?? string.Empty : string.Empty;
        _timeProvider = timeProvider;
        _frameBytes = frameBytes;
        _postTimeout = postTimeout ?? new GatewayOptions().PostTimeout;
        ConnectedAt = identity.ConnectedAt;
        _lastActiveAtTicks = ConnectedAt.UtcTicks;
    }

    public string ConnectionId { get; }

    public WebSocket Socket { get; }

    public ConnectionIdentity Identity { get; }

    /// <summary><c>principalId</c> and the authorizer's context (one JSON object), passed on every route as <c>requestContext.authorizer</c>.</summary>
    public JsonElement Authorizer { get; }

    public string UserId { get; }

    public DateTimeOffset ConnectedAt { get; }

    public DateTimeOffset LastActiveAt => new(Interlocked.Read(ref _lastActiveAtTicks), TimeSpan.Zero);

    public long MessagesIn => Interlocked.Read(ref _messagesIn);

    public long MessagesOut => Interlocked.Read(ref _messagesOut);

    /// <summary>The close the server asked for, if any (DELETE, idle, duration, shutdown, oversized message).</summary>
    public CloseRequest? ServerClose => Volatile.Read(ref _serverClose);

    public void MarkReceived()
    {
        Interlocked.Increment(ref _messagesIn);
        Touch();
    }

    /// <summary>Sends one message; false when it timed out and the connection was aborted, so it was not delivered.</summary>
    /// <exception cref="WebSocketException">The socket is closed or broken.</exception>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_postTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _sendLock.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Another send is stuck on this socket; it aborts the connection when its own time is up.
            return false;
        }

        try
        {
            var offset = 0;
            do
            {
                var length = Math.Min(_frameBytes, message.Length - offset);
                var last = offset + length == message.Length;
                await Socket.SendAsync(message.Slice(offset, length), type, last, linked.Token).ConfigureAwait(false);
                offset += length;
            }
            while (offset < message.Length);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Part of the message may be on the wire, so the connection cannot go on: it is closed as a drop would be.
            Socket.Abort();
            return false;
        }
        finally
        {
            _sendLock.Release();
        }

        Interlocked.Increment(ref _messagesOut);
        Touch();
        return true;
    }

    /// <summary>Closes from the server side: sends the close frame, and aborts if the client does not answer in time.</summary>
    /// <remarks>The first close requested wins; the receive loop sees the client's answer and ends.</remarks>
    public async Task CloseAsync(CloseRequest close, TimeSpan answerTimeout)
    {
        if (Interlocked.CompareExchange(ref _serverClose, close, null) is not null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(answerTimeout, _timeProvider);
        try
        {
            await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                await Socket.CloseOutputAsync((WebSocketCloseStatus)close.Status, close.Reason, timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }

            _ = AbortUnlessClosedAsync(answerTimeout);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Socket.Abort();
        }
    }

    private async Task AbortUnlessClosedAsync(TimeSpan answerTimeout)
    {
        try
        {
            await Task.Delay(answerTimeout, _timeProvider, _closed.Token).ConfigureAwait(false);
            Socket.Abort();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Called by the receive loop once the socket has ended, whatever ended it.</summary>
    public void MarkClosed() => _closed.Cancel();

    private void Touch() => Interlocked.Exchange(ref _lastActiveAtTicks, _timeProvider.GetUtcNow().UtcTicks);
}
