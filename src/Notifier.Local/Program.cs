using Notifier.Local.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await new LocalCli(Environment.GetEnvironmentVariable, Console.Out, Console.Error).RunAsync(args, stop.Token);
