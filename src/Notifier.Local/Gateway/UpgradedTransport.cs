using System.Buffers.Binary;

namespace Notifier.Local.Gateway;

/// <summary>An upgraded connection's bytes, watched: which close code the server sent, and a graceful end after it.</summary>
/// <remarks>
/// The WebSocket implementation closes on a protocol error (invalid UTF-8: 1007; reserved bits, an unknown opcode, a
/// bad fragment or control frame, an unmasked frame: 1002) and throws an exception that does not carry the code, so the
/// code is read from the close frame as it is written (the server writes each frame in one call). Closing a TCP socket
/// with unread input makes the kernel send a reset, which destroys the close frame still in flight, and the client
/// would see no close code at all; <see cref="DrainAsync"/> reads the rest first. A short unmasked frame, which the
/// WebSocket would wait on (<see cref="ClientFrameWatcher"/>), is answered here with a 1002 close, and the read fails.
/// </remarks>
internal sealed class UpgradedTransport : Stream
{
    private const int CloseOpcode = 0x8;

    private static readonly byte[] ProtocolErrorClose = [0x88, 0x02, 0x03, 0xEA];

    private readonly Stream _inner;
    private readonly ClientFrameWatcher _frames = new();
    private int _sentCloseStatus;

    public UpgradedTransport(Stream inner)
    {
        _inner = inner;
    }

    /// <summary>The status of the first close frame the server sent, or null.</summary>
    public int? SentCloseStatus => Volatile.Read(ref _sentCloseStatus) is > 0 and var status ? status : null;

    /// <summary>The largest payload length a client frame has declared so far (read from the header, before the payload arrives).</summary>
    public long LargestClientFrameBytes => _frames.LargestFrameBytes;

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads and drops what the client still sends, until it hangs up, falls quiet for <paramref name="quiet"/>, or <paramref name="timeout"/> passes.</summary>
    public async Task DrainAsync(TimeSpan quiet, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                using var quietPeriod = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                quietPeriod.CancelAfter(quiet);
                if (await _inner.ReadAsync(buffer, quietPeriod.Token).ConfigureAwait(false) == 0)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _frames.Observe(buffer.Span[..read]);
        if (_frames.SawUnmaskedFrame)
        {
            await WriteAsync(ProtocolErrorClose, cancellationToken).ConfigureAwait(false);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            throw new IOException("The client sent an unmasked frame.");
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Watch(buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Watch(buffer.AsSpan(offset, count));
        return _inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Watch(buffer.AsSpan(offset, count));
        _inner.Write(buffer, offset, count);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    /// <summary>A server frame is unmasked: byte 0 holds the opcode, byte 1 a length under 126 for a close, then the status.</summary>
    private void Watch(ReadOnlySpan<byte> frame)
    {
        if (frame.Length >= 4 && (frame[0] & 0x0F) == CloseOpcode && (frame[1] & 0x7F) >= 2)
        {
            Interlocked.CompareExchange(ref _sentCloseStatus, BinaryPrimitives.ReadUInt16BigEndian(frame[2..]), 0);
        }
    }
}
