using System.Net.Sockets;
using System.Text;

namespace Notifier.Local.Tests.Gateway;

/// <summary>Request bodies that are cut short, malformed or oversized: a clear 400 (or nothing, for a client that left) and one log line each.</summary>
public sealed class BadRequestBodyTests
{
    private const int Abandoned = 20;

    [Theory]
    [InlineData("notifications")]
    [InlineData("local/@connections/Jx2fCd1voAMCLtg%3D")]
    public async Task AbandonedBodies_EachLogOneLineWithoutAStackTrace(string path)
    {
        await using var harness = await GatewayHarness.StartAsync();

        var clients = new List<TcpClient>();
        try
        {
            // Each sends part of its body, then nothing: Kestrel gives up on it once the minimum data rate's grace is over.
            for (var i = 0; i < Abandoned; i++)
            {
                var tcp = new TcpClient();
                clients.Add(tcp);
                await tcp.ConnectAsync("127.0.0.1", harness.Gateway.Options.Port).WaitAsync(GatewayHarness.Timeout);
                var head = $"POST /{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"userId\":";
                await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head)).AsTask().WaitAsync(GatewayHarness.Timeout);
            }

            Assert.True(await WaitForLinesAsync(harness, Abandoned), harness.Logs.AllText);
            var lines = NotableLines(harness);
            Assert.DoesNotContain(lines, line => line.Contains("   at ", StringComparison.Ordinal));
            Assert.Equal(Abandoned, lines.Count(line => line.Contains("could not be read", StringComparison.Ordinal)));
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public async Task OversizedChunkSize_Is400WithAReason()
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", harness.Gateway.Options.Port).WaitAsync(GatewayHarness.Timeout);
        var stream = tcp.GetStream();

        var request = "POST /notifications HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request)).AsTask().WaitAsync(GatewayHarness.Timeout);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(GatewayHarness.Timeout);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.True(answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), answer + harness.Logs.AllText);
        Assert.Contains("chunk", answer, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains("   at ", StringComparison.Ordinal));
    }

    private static List<string> NotableLines(GatewayHarness harness) =>
        [.. harness.Logs.Lines.Where(line => !line.StartsWith("Information", StringComparison.Ordinal))];

    private static async Task<bool> WaitForLinesAsync(GatewayHarness harness, int count)
    {
        // Kestrel's grace for a slow body is 5 s, and it checks the rate once a second.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (NotableLines(harness).Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
