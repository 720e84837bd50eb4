using Notifier.Core.Configuration;
using Notifier.Local.Cli;

return await new LocalCli(SettingsReader.FromEnvironment(), Console.Out, Console.Error).RunAsync(args);
