using System.Diagnostics;
using System.Globalization;
using Notifier.Testing;

namespace Notifier.FanOut;

/// <summary>
/// The original design's fan-out, run as it was written: Python's boto3 <c>post_to_connection</c>, one connection
/// at a time (<c>bench/python-fanout/loop.py</c>), in a process that stays up across rounds like a warm Lambda.
/// </summary>
/// <remarks>The Python comes from <c>NOTIFIER_BENCH_PYTHON</c>, default <c>/usr/bin/python3</c> (Debian's python3-boto3).</remarks>
internal sealed class Boto3Loop : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _idsFile;

    private Boto3Loop(Process process, string idsFile)
    {
        _process = process;
        _idsFile = idsFile;
    }

    public static string Python => Environment.GetEnvironmentVariable("NOTIFIER_BENCH_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    public static async Task<Boto3Loop> StartAsync(string endpoint, IEnumerable<string> connectionIds)
    {
        var idsFile = Path.GetTempFileName();
        await File.WriteAllLinesAsync(idsFile, connectionIds);
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.Combine("bench", "python-fanout", "loop.py"));
        start.ArgumentList.Add(endpoint);
        start.ArgumentList.Add(idsFile);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var loop = new Boto3Loop(process, idsFile);
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        if (ready != "ready")
        {
            await loop.DisposeAsync();
            throw new InvalidOperationException(
                $"the boto3 loop did not start ({Python} printed '{ready}'); install Debian's python3-boto3 or set NOTIFIER_BENCH_PYTHON");
        }

        return loop;
    }

    /// <summary>Posts <paramref name="messageJson"/> to every connection, one at a time; returns how many were delivered.</summary>
    public async Task<int> SendAsync(string messageJson)
    {
        await _process.StandardInput.WriteLineAsync(messageJson);
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException("the boto3 loop exited");
        return int.Parse(line, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _process.Kill();
        }
        finally
        {
            _process.Dispose();
            File.Delete(_idsFile);
        }
    }
}
