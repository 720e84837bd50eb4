using System.Buffers.Binary;

namespace Notifier.Local.Gateway;

/// <summary>
/// Follows the frame headers in a client's byte stream, to find the unmasked frame RFC 6455 (5.1) says a server must close
/// on, and the largest frame the client has declared.
/// </summary>
/// <remarks>
/// The WebSocket reports a message's bytes as they arrive, never a frame's length, so API Gateway's 32 KB frame quota is
/// read here, from the header, before any of the frame's payload has to be held.
/// <para>
/// The WebSocket implementation rejects an unmasked client frame too, but only once it holds a frame header and a mask's
/// worth of bytes: it reads four mask bytes before it looks at the mask bit. An unmasked frame shorter than that (such as
/// <c>{}</c>) with nothing sent after it leaves the socket waiting, where API Gateway closes with 1002 at once.
/// </para>
/// </remarks>
internal sealed class ClientFrameWatcher
{
    private const int MaxHeaderBytes = 14;

    private readonly byte[] _header = new byte[MaxHeaderBytes];
    private int _headerBytes;
    private long _payloadLeft;

    public bool SawUnmaskedFrame { get; private set; }

    /// <summary>The largest payload length any client frame header has declared so far.</summary>
    public long LargestFrameBytes { get; private set; }

    /// <summary>Reads the next bytes the client sent, in order.</summary>
    public void Observe(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0 && !SawUnmaskedFrame)
        {
            if (_payloadLeft > 0)
            {
                var skipped = (int)Math.Min(_payloadLeft, bytes.Length);
                _payloadLeft -= skipped;
                bytes = bytes[skipped..];
                continue;
            }

            _header[_headerBytes++] = bytes[0];
            bytes = bytes[1..];
            if (_headerBytes < 2)
            {
                continue;
            }

            if ((_header[1] & 0x80) == 0)
            {
                SawUnmaskedFrame = true;
                return;
            }

            var lengthCode = _header[1] & 0x7F;
            var extendedLength = lengthCode switch { 126 => 2, 127 => 8, _ => 0 };
            if (_headerBytes < 2 + extendedLength + 4)
            {
                continue;
            }

            _payloadLeft = extendedLength switch
            {
                2 => BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)),
                8 => (long)(BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2)) & long.MaxValue),
                _ => lengthCode,
            };
            LargestFrameBytes = Math.Max(LargestFrameBytes, _payloadLeft);
            _headerBytes = 0;
        }
    }
}
