using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Notifier.FanOut;

/// <summary>The local gateway (<c>Notifier.Local serve</c>) in its own process, so its sockets count against its own descriptor limit.</summary>
/// <remarks>Log lines below Warning are off: writing one per connect would time the console, not the gateway.</remarks>
internal sealed class GatewayProcess : IAsyncDisposable
{
    public const string Stage = "local";

    private readonly Process _process;

    private GatewayProcess(Process process, int port, string secret)
    {
        _process = process;
        Port = port;
        Secret = secret;
    }

    public int Port { get; }

    /// <summary>The HS256 secret the gateway's authorizer checks tokens with.</summary>
    public string Secret { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public Uri WebSocketUrl => new($"ws://127.0.0.1:{Port}/{Stage}");

    public string ManagementEndpoint => $"http://127.0.0.1:{Port}/{Stage}";

    public static async Task<GatewayProcess> StartAsync(string gatewayDll, TimeSpan timeout)
    {
        var port = FreePort();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { gatewayDll, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--jwt-secret", secret, "--idle-timeout", "2h", "--max-duration", "2h" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Every bench socket belongs to one user; the per-user connection cap would refuse all but the first few.
        start.Environment["NOTIFIER_MAX_CONNECTIONS_PER_USER"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"gateway: {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, port, secret);
        try
        {
            await gateway.WaitUntilListeningAsync(timeout);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with {_process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(BaseAddress);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"the gateway did not listen on port {Port} within {timeout}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
