using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/Notifier.Benchmarks -- --filter '*Authorizer*' (or '*Signing*')
BenchmarkSwitcher.FromAssembly(typeof(Notifier.Benchmarks.AuthorizerBenchmarks).Assembly).Run(args);
