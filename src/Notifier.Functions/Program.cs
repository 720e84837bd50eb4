using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Notifier.Core.Configuration;
using Notifier.Functions.Hosting;
using Notifier.Functions.Runtime;

// The provided.al2023 bootstrap: hosts the one function that _HANDLER names.
var settings = SettingsReader.FromEnvironment();
if (settings.Optional(LambdaRuntimeClient.RuntimeApiVariable) is null)
{
    await Console.Error.WriteLineAsync(
        $"{LambdaRuntimeClient.RuntimeApiVariable} is not set: this program is a Lambda bootstrap. " +
        "To run a function locally use: dotnet run --project src/Notifier.Local -- invoke <function> --event FILE");
    return 2;
}

// One writer for log and metrics lines: its lock keeps them from interleaving on stdout.
using var lines = new JsonLinesLoggerProvider(Console.OpenStandardOutput());
using var loggerFactory = FunctionLogging.CreateFactory(settings, lines);
using var stop = new CancellationTokenSource();
using var onSigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

using var runtime = LambdaRuntimeClient.FromEnvironment();
var bootstrap = new LambdaBootstrap(runtime, loggerFactory.CreateLogger<LambdaBootstrap>());
var catalog = new FunctionCatalog(settings, loggerFactory, metricsOutput: lines);
return await bootstrap.RunAsync(catalog.CreateFromHandlerSetting, stop.Token);
