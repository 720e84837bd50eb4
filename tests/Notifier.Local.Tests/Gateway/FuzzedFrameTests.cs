using Xunit.Abstractions;
using Notifier.Testing.Network;

namespace Notifier.Local.Tests.Gateway;

/// <summary>Seeded random garbage after a good handshake: whatever arrives, the gateway answers with a protocol close or a reply, never fails, and forgets the connection.</summary>
public sealed class FuzzedFrameTests(ITestOutputHelper output)
{
    /// <summary>Change it to explore; a failure names the seed and the case so it can be replayed.</summary>
    private const int Seed = 20261130;
    private const int Cases = 200;
    private const int Concurrency = 25;

    private static readonly int[] ProtocolCloses = [1002, 1003, 1007, 1009];

    [Fact]
    public async Task RandomFrames_EndInAProtocolCloseOrAReply_NoSessionFails_AndEveryRecordIsRemoved()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var random = new Random(Seed);
        var inputs = Enumerable.Range(0, Cases).Select(i => (Case: i, Bytes: Junk(random))).ToList();
        var observed = new List<(int Case, int? Close)>();
        using var gate = new SemaphoreSlim(Concurrency);

        await Task.WhenAll(inputs.Select(async input =>
        {
            await gate.WaitAsync();
            try
            {
                using var client = await harness.RawConnectAsync($"fuzz-user-{input.Case}");
                await client.SendRawAsync(input.Bytes);
                var close = await CloseWithinAsync(client, TimeSpan.FromSeconds(1));
                lock (observed)
                {
                    observed.Add((input.Case, close));
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        output.WriteLine($"seed {Seed}: {Cases} cases; " + string.Join(", ", observed.GroupBy(o => o.Close?.ToString() ?? "open or dropped").Select(g => $"{g.Key}: {g.Count()}")));
        foreach (var (fuzzCase, close) in observed.Where(o => o.Close is not null))
        {
            Assert.True(ProtocolCloses.Contains(close!.Value), $"seed {Seed}, case {fuzzCase}: closed with {close}");
        }

        Assert.True(await RegistryAndStoreEmptyWithinAsync(harness, TimeSpan.FromSeconds(5)), $"seed {Seed}: records outlived their connections");
        Assert.DoesNotContain("failed unexpectedly", harness.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(" with 1011", harness.Logs.AllText, StringComparison.Ordinal);
        var bystander = await harness.ConnectAsync("bystander-user");
        await GatewayHarness.SendTextAsync(bystander, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(bystander));
        harness.AssertLogsHoldNoSecrets("fuzz-user-", "bystander-user");
    }

    /// <summary>One of: raw random bytes; a well-formed frame with random flags, opcode and payload; a frame cut short.</summary>
    private static byte[] Junk(Random random)
    {
        var payload = new byte[random.Next(0, 2048)];
        random.NextBytes(payload);
        return random.Next(3) switch
        {
            0 => payload,
            1 => RawWebSocketClient.Frame(random.Next(16), payload, fin: random.Next(2) == 0, masked: true, reservedBits: random.Next(8) < 6 ? 0 : random.Next(8)),
            _ => RawWebSocketClient.Frame(0x1, payload)[..random.Next(1, payload.Length + 2)],
        };
    }

    /// <summary>The close status the server sends within <paramref name="limit"/>, or null (still open, or hung up without one).</summary>
    private static async Task<int?> CloseWithinAsync(RawWebSocketClient client, TimeSpan limit)
    {
        try
        {
            return await client.ReceiveCloseStatusAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static async Task<bool> RegistryAndStoreEmptyWithinAsync(GatewayHarness harness, TimeSpan limit)
    {
        var store = (Notifier.Core.Connections.InMemoryConnectionStore)harness.Store;
        for (var waited = TimeSpan.Zero; waited <= limit; waited += TimeSpan.FromMilliseconds(50))
        {
            if (harness.Gateway.Connections.Count == 0 && store.Count == 0)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
