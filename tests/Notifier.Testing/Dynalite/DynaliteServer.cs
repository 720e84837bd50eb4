using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace Notifier.Testing.Dynalite;

/// <summary>
/// Runs dynalite (an in-memory DynamoDB) from the repository's <c>node_modules</c> for the life of a test
/// class or collection fixture.
/// </summary>
/// <remarks>
/// A missing <c>node</c> or <c>node_modules/dynalite</c> does not fail the fixture: each test calls
/// <see cref="RequireAvailable"/>, which skips locally and fails under <c>CI=true</c>. A dynalite that is
/// installed but does not start within <see cref="StartTimeout"/> fails the fixture with its output.
/// </remarks>
public sealed partial class DynaliteServer : IAsyncLifetime
{
    /// <summary>How long to wait for dynalite to accept connections.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private const string InstallHint = "run npm ci at the repository root";

    private readonly DynaliteOutput _output = new();
    private Process? _process;
    private Uri? _endpoint;

    /// <summary>Whether node and dynalite were found; tests call <see cref="RequireAvailable"/> rather than read this.</summary>
    public bool IsAvailable { get; private set; }

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:45123</c>.</summary>
    public Uri Endpoint => _endpoint ?? throw new InvalidOperationException("dynalite is not running; call RequireAvailable first.");

    /// <summary>Skips the calling test (locally) or fails it (under CI) when dynalite could not be found.</summary>
    public void RequireAvailable() => RequiredComponent.Require(IsAvailable, "dynalite", InstallHint);

    public async Task InitializeAsync()
    {
        var root = RepositoryPaths.TryRoot;
        var cli = root is null ? null : Path.Combine(root, "node_modules", "dynalite", "cli.js");
        var node = FindOnPath("node");
        if (cli is null || !File.Exists(cli) || node is null)
        {
            return;
        }

        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            _process = Start(node, cli, port, root!);
            if (await WaitUntilListeningAsync(_process, port).ConfigureAwait(false))
            {
                _endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
                IsAvailable = true;
                return;
            }

            await StopAsync().ConfigureAwait(false);
            if (attempt == attempts)
            {
                throw new InvalidOperationException(
                    $"dynalite did not start within {StartTimeout.TotalSeconds} s after {attempts} attempts. Output:\n{_output}");
            }
        }
    }

    public Task DisposeAsync() => StopAsync();

    private Process Start(string node, string cli, int port, string root)
    {
        var startInfo = new ProcessStartInfo(node)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                     "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        _endpoint = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refuses to die within 5 s: nothing more a test fixture can do.
        }
        finally
        {
            process.Dispose();
        }
    }
}
