using System.Net.WebSockets;
using System.Text;
using Notifier.Local.Gateway;
using Notifier.Testing.Network;

namespace Notifier.Local.Tests.Gateway;

/// <summary>
/// Frames a browser would never send, over real sockets to the local gateway: each ends in the close code RFC 6455
/// and API Gateway give, the record is removed, the gateway keeps serving, and no log line holds a secret.
/// </summary>
public sealed class HostileFrameTests
{
    private const int Text = 0x1;
    private const int Binary = 0x2;

    public static TheoryData<string, byte[], int> ProtocolViolations => new()
    {
        { "InvalidUtf8_LoneContinuationByte", RawWebSocketClient.Frame(Text, [0x7B, 0x80, 0x7D]), 1007 },
        { "InvalidUtf8_Overlong", RawWebSocketClient.Frame(Text, [0xC0, 0xAF]), 1007 },
        { "InvalidUtf8_Surrogate", RawWebSocketClient.Frame(Text, [0xED, 0xA0, 0x80]), 1007 },
        { "InvalidUtf8_SplitAcrossContinuation", [.. RawWebSocketClient.Frame(Text, [0x61, 0xE2, 0x82], fin: false), .. RawWebSocketClient.Frame(0x0, [0x28])], 1007 },
        { "UnmaskedClientFrame", RawWebSocketClient.Frame(Text, """{"action":"ping"}"""u8, masked: false), 1002 },
        { "UnmaskedFrameShorterThanAMask", RawWebSocketClient.Frame(Text, "{}"u8, masked: false), 1002 },
        { "UnmaskedAfterMaskedFrames", [.. RawWebSocketClient.Frame(Text, new byte[300]), .. Fragments(2, 32 * 1024), .. RawWebSocketClient.Frame(0x0, new byte[4_464]), .. RawWebSocketClient.Frame(Text, "{}"u8, masked: false)], 1002 },
        { "ReservedBitsSet", RawWebSocketClient.Frame(Text, "{}"u8, reservedBits: 0x4), 1002 },
        { "UnknownOpcode", RawWebSocketClient.Frame(0x3, "{}"u8), 1002 },
        { "FragmentedControlFrame", RawWebSocketClient.Frame(0x9, "x"u8, fin: false), 1002 },
        { "ContinuationWithoutStart", RawWebSocketClient.Frame(0x0, "{}"u8), 1002 },
        { "ControlFrameOver125Bytes", RawWebSocketClient.Frame(0x9, new byte[126]), 1002 },
        { "MessageOver128KB", RawWebSocketClient.Frame(Text, new byte[(128 * 1024) + 1]), 1009 },
        { "MessageOver128KB_InManyFragments", [.. Fragments(5, 32 * 1024), .. RawWebSocketClient.Frame(0x0, "x"u8)], 1009 },
        { "FrameOver32KB_MessageUnder128KB", RawWebSocketClient.Frame(Text, Encoding.UTF8.GetBytes("{\"action\":\"ping\",\"pad\":\"" + new string('p', 32 * 1024) + "\"}")), 1009 },
        { "FrameOver32KB_AsAContinuation", [.. Fragments(1, 1024), .. RawWebSocketClient.Frame(0x0, new byte[(32 * 1024) + 1])], 1009 },
        { "BinaryFrame", RawWebSocketClient.Frame(Binary, """{"action":"ping"}"""u8), 1003 },
        { "BinaryFrame_Empty", RawWebSocketClient.Frame(Binary, []), 1003 },
        { "BinaryFrame_Fragmented", [.. RawWebSocketClient.Frame(Binary, "{"u8, fin: false), .. RawWebSocketClient.Frame(0x0, "}"u8)], 1003 },
    };

    [Theory]
    [MemberData(nameof(ProtocolViolations))]
    public async Task HostileFrame_ClosesWithItsCode_RemovesRecord_GatewayServesOthers(string name, byte[] frames, int expectedClose)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var bystander = await harness.ConnectAsync("bystander-user");
        using var attacker = await harness.RawConnectAsync("attacker-user");
        var id = await GatewayHarness.ConnectionIdAsync(attacker);

        await attacker.SendRawAsync(frames);

        Assert.Equal(expectedClose, await attacker.ReceiveCloseStatusAsync());
        Assert.True(await harness.RecordGoneWithinASecondAsync(id), $"{name}: the record outlived the connection");
        Assert.True(await harness.Logs.ContainsWithinAsync($"Disconnected {id} with status {expectedClose}", GatewayHarness.Timeout), $"{name}: $disconnect did not get {expectedClose}");
        await GatewayHarness.SendTextAsync(bystander, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(bystander));
        harness.AssertLogsHoldNoSecrets("attacker-user", "bystander-user");
    }

    [Fact]
    public async Task TruncatedFrame_ThenHangUp_RemovesRecordWith1006()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var attacker = await harness.RawConnectAsync("attacker-user");
        var id = await GatewayHarness.ConnectionIdAsync(attacker);
        var frame = RawWebSocketClient.Frame(Text, Encoding.UTF8.GetBytes("""{"action":"ping","pad":"xxxxxxxxxxxxxxxxxxxx"}"""));

        await attacker.SendRawAsync(frame.AsMemory(0, frame.Length / 2));
        attacker.Dispose();

        Assert.True(await harness.RecordGoneWithinASecondAsync(id));
        Assert.True(await harness.Logs.ContainsWithinAsync($"Disconnected {id} with status 1006", GatewayHarness.Timeout), "$disconnect did not get 1006");
        harness.AssertLogsHoldNoSecrets("attacker-user");
    }

    [Fact]
    public async Task LengthThatLies_HugeDeclaredLength_ClosesWith1009WithoutBufferingIt()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var attacker = await harness.RawConnectAsync("attacker-user");
        var id = await GatewayHarness.ConnectionIdAsync(attacker);
        // A masked text frame header declaring 2^62 bytes, followed by 140,000 of them (the socket reads in 4 KB blocks,
        // so a few KB past the limit are needed before it sees the limit crossed).
        byte[] header = [0x81, 0xFF, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4];

        await attacker.SendRawAsync(header);
        await attacker.SendRawAsync(new byte[140_000]);

        Assert.Equal(1009, await attacker.ReceiveCloseStatusAsync());
        // The client's answering close frame is swallowed as more of the declared payload, so the gateway stops
        // waiting for it after its close-answer timeout (2 s) and drops the connection.
        Assert.True(await harness.RecordGoneWithinAsync(id, WebSocketSession.CloseAnswerTimeout + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task MessageOf128KB_In32KBFrames_IsAnswered()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var client = await harness.RawConnectAsync("alice-user");
        var message = Encoding.UTF8.GetBytes("{\"action\":\"ping\",\"pad\":\"" + new string('p', (128 * 1024) - 26) + "\"}");
        var frameBytes = 32 * 1024;

        for (var offset = 0; offset < message.Length; offset += frameBytes)
        {
            var last = offset + frameBytes >= message.Length;
            await client.SendFrameAsync(offset == 0 ? Text : 0x0, message.AsSpan(offset, Math.Min(frameBytes, message.Length - offset)), fin: last);
        }

        var reply = await client.ReadFrameAsync();
        Assert.NotNull(reply);
        Assert.Equal("""{"type":"pong"}""", Encoding.UTF8.GetString(reply.Value.Payload));
    }

    public static TheoryData<string, string, string> BadMessages => new()
    {
        { "TruncatedJson", """{"action":"pi""", "not valid JSON" },
        { "DeeplyNestedArrays", new string('[', 60_000) + new string(']', 60_000), "not valid JSON" },
        { "DeeplyNestedObjects", string.Concat(Enumerable.Repeat("""{"a":""", 10_000)) + "1" + new string('}', 10_000), "not valid JSON" },
        { "JsonArrayNotObject", "[1,2,3]", "must be a JSON object" },
        { "ActionIsNumber", """{"action":42}""", "has no string" },
        { "UnknownAction", """{"action":"deleteEverything"}""", "unknown action" },
        { "NulCharacters", "\0\0\0", "not valid JSON" },
        { "ExactlyMaxSize", "{\"action\":\"ping\",\"pad\":\"" + new string('p', (128 * 1024) - 26) + "\"}", "pong" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task BadMessage_GetsErrorFrame_ConnectionKeepsServing(string caseName, string message, string expectedReply)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var client = await harness.ConnectAsync("alice-user");

        await GatewayHarness.SendTextAsync(client, message);

        var reply = await GatewayHarness.ReceiveTextAsync(client);
        Assert.True(reply.Contains(expectedReply, StringComparison.Ordinal), $"{caseName}: {reply}");
        await GatewayHarness.SendTextAsync(client, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(client));
        Assert.Equal(WebSocketState.Open, client.State);
        Assert.Equal(1, harness.Gateway.Connections.Count);
        harness.AssertLogsHoldNoSecrets("alice-user");
    }

    private static byte[] Fragments(int count, int size)
    {
        var frames = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            frames.AddRange(RawWebSocketClient.Frame(i == 0 ? Text : 0x0, Enumerable.Repeat((byte)'a', size).ToArray(), fin: false));
        }

        return [.. frames];
    }
}
