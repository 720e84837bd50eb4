using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Notifier.Testing.Network;

/// <summary>
/// A WebSocket client over a bare TCP socket, for what <see cref="System.Net.WebSockets.ClientWebSocket"/> refuses
/// to send: invalid UTF-8 in a text frame, reserved bits, unmasked or truncated frames, half a handshake.
/// </summary>
/// <remarks>Every read is bounded by <see cref="Timeout"/>; a test never waits on a silent peer forever.</remarks>
public sealed class RawWebSocketClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocketClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>The status line's code of the handshake answer (101 when upgraded), or 0 before a handshake.</summary>
    public int HandshakeStatus { get; private set; }

    /// <summary>Opens the TCP connection only; nothing is sent.</summary>
    public static async Task<RawWebSocketClient> OpenAsync(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(url.Host, url.Port).WaitAsync(Timeout);
        return new RawWebSocketClient(tcp);
    }

    /// <summary>Opens a connection and performs the upgrade handshake; check <see cref="HandshakeStatus"/>.</summary>
    public static async Task<RawWebSocketClient> ConnectAsync(Uri url, IReadOnlyDictionary<string, string>? extraHeaders = null)
    {
        var client = await OpenAsync(url);
        await client.SendRawAsync(Encoding.ASCII.GetBytes(UpgradeRequest(url, extraHeaders)));
        client.HandshakeStatus = await client.ReadStatusAsync();
        return client;
    }

    /// <summary>The HTTP upgrade request for <paramref name="url"/>, headers included, ending with the blank line.</summary>
    public static string UpgradeRequest(Uri url, IReadOnlyDictionary<string, string>? extraHeaders = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var request = new StringBuilder()
            .Append($"GET {url.PathAndQuery} HTTP/1.1\r\n")
            .Append($"Host: {url.Authority}\r\n")
            .Append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
            .Append($"Sec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}\r\n")
            .Append("Sec-WebSocket-Version: 13\r\n");
        foreach (var (name, value) in extraHeaders ?? new Dictionary<string, string>())
        {
            request.Append($"{name}: {value}\r\n");
        }

        return request.Append("\r\n").ToString();
    }

    public Task SendRawAsync(ReadOnlyMemory<byte> bytes) => _stream.WriteAsync(bytes).AsTask().WaitAsync(Timeout);

    /// <summary>Sends one client frame, masked as RFC 6455 requires unless told otherwise.</summary>
    public Task SendFrameAsync(int opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = true, int reservedBits = 0) =>
        SendRawAsync(Frame(opcode, payload, fin, masked, reservedBits));

    /// <summary>Builds a client frame: FIN, RSV1-3, opcode, a 7/16/64-bit length, the mask and the masked payload.</summary>
    public static byte[] Frame(int opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = true, int reservedBits = 0)
    {
        using var frame = new MemoryStream();
        frame.WriteByte((byte)((fin ? 0x80 : 0) | ((reservedBits & 0x7) << 4) | (opcode & 0x0F)));
        var maskBit = masked ? 0x80 : 0;
        if (payload.Length < 126)
        {
            frame.WriteByte((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame.WriteByte((byte)(maskBit | 126));
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)payload.Length);
            frame.Write(length);
        }
        else
        {
            frame.WriteByte((byte)(maskBit | 127));
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            frame.Write(length);
        }

        var body = payload.ToArray();
        if (masked)
        {
            var mask = RandomNumberGenerator.GetBytes(4);
            frame.Write(mask);
            for (var i = 0; i < body.Length; i++)
            {
                body[i] ^= mask[i % 4];
            }
        }

        frame.Write(body);
        return frame.ToArray();
    }

    /// <summary>Reads server frames until a close frame, answers it as a browser does, and returns its status code (1005 when it carries none).</summary>
    /// <returns>The close status, or null when the server ended the TCP connection without a close frame.</returns>
    public async Task<int?> ReceiveCloseStatusAsync()
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Opcode == 0x8)
            {
                await AnswerCloseAsync(frame.Payload);
                return frame.Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(frame.Payload) : 1005;
            }
        }

        return null;
    }

    /// <summary>Echoes the close status; a server that has already hung up is not an error.</summary>
    private async Task AnswerCloseAsync(byte[] closePayload)
    {
        try
        {
            await SendFrameAsync(0x8, closePayload.AsSpan(0, Math.Min(2, closePayload.Length)));
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Reads one server frame (unmasked), or null when the connection ended.</summary>
    public async Task<(int Opcode, byte[] Payload)?> ReadFrameAsync()
    {
        var head = await ReadExactlyOrNullAsync(2);
        if (head is null)
        {
            return null;
        }

        long length = head[1] & 0x7F;
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyOrNullAsync(2) ?? []);
        }
        else if (length == 127)
        {
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyOrNullAsync(8) ?? []);
        }

        var payload = await ReadExactlyOrNullAsync((int)length);
        return payload is null ? null : (head[0] & 0x0F, payload);
    }

    /// <summary>True when the server closes the TCP connection within <paramref name="within"/> (reads and drops what arrives).</summary>
    public async Task<bool> ServerHangsUpWithinAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }

    private async Task<int> ReadStatusAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one).AsTask().WaitAsync(Timeout) == 0)
            {
                return 0;
            }

            head.Append((char)one[0]);
        }

        var statusLine = head.ToString().Split("\r\n")[0].Split(' ');
        return statusLine.Length > 1 && int.TryParse(statusLine[1], out var status) ? status : 0;
    }

    private async Task<byte[]?> ReadExactlyOrNullAsync(int count)
    {
        var buffer = new byte[count];
        try
        {
            await _stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeout);
            return buffer;
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException or ObjectDisposedException)
        {
            return null;
        }
    }
}
