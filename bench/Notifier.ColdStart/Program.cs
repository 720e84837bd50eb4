using System.Diagnostics;
using System.Globalization;
using System.Text;
using Notifier.ColdStart;
using Notifier.Testing;
using Notifier.Testing.Tokens;

// Usage: Notifier.ColdStart RUNS LABEL EXECUTABLE [LABEL EXECUTABLE ...]
// Times process start -> first invocation response at the fake Runtime API, RUNS times per executable
// (after one untimed warm-up run that fills the page cache), and prints median, min and max.
if (args.Length < 3 || args.Length % 2 == 0 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var runs) || runs < 1)
{
    Console.Error.WriteLine("usage: Notifier.ColdStart RUNS LABEL EXECUTABLE [LABEL EXECUTABLE ...]");
    return 2;
}

var template = await File.ReadAllTextAsync(RepositoryPaths.Combine("events", "authorizer.json"));
var payload = Encoding.UTF8.GetBytes(template.Replace("REPLACE_WITH_TOKEN", TestTokens.Create(expiresIn: TimeSpan.FromHours(1)), StringComparison.Ordinal));
await using var api = await OneEventRuntimeApi.StartAsync();
var summaries = new List<string>();
for (var i = 1; i < args.Length; i += 2)
{
    var (label, executable) = (args[i], Path.GetFullPath(args[i + 1]));
    await TimeOneStartAsync(api, executable, payload);
    var times = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        times.Add(await TimeOneStartAsync(api, executable, payload));
    }

    Console.WriteLine($"{label} runs (ms): {string.Join(" ", times.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))}");
    times.Sort();
    var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
    summaries.Add(string.Create(CultureInfo.InvariantCulture, $"{label}: median {median:0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms ({runs} runs)"));
}

summaries.ForEach(Console.WriteLine);
return 0;

static async Task<double> TimeOneStartAsync(OneEventRuntimeApi api, string executable, byte[] payload)
{
    var responded = api.BeginRun(payload);
    var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.RuntimeApi;
    start.Environment["_HANDLER"] = "authorizer";
    start.Environment["NOTIFIER_JWT_SECRET"] = TestTokens.Secret;
    var started = Stopwatch.GetTimestamp();
    using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    try
    {
        var arrived = await responded.WaitAsync(TimeSpan.FromSeconds(30));
        return Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds;
    }
    finally
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }
}
