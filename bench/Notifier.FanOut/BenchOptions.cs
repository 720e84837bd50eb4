using System.Globalization;

namespace Notifier.FanOut;

/// <summary>What to measure: the suites, connection counts and rounds, and the sender settings under test.</summary>
internal sealed record BenchOptions
{
    public IReadOnlyList<int> Connections { get; init; } = [1_000, 10_000];

    /// <summary>Timed rounds per case, after <see cref="WarmupRounds"/>.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Untimed rounds per case first, so that the runtime has compiled the hot code fully (the SDK's signer takes a few thousand calls).</summary>
    public int WarmupRounds { get; init; } = 3;

    public bool Loopback { get; init; } = true;

    /// <summary>Whether the loopback suite also runs SigV4-signed, beside the original design's boto3 loop.</summary>
    public bool Signed { get; init; } = true;

    public bool Gateway { get; init; } = true;

    /// <summary>How long the stub endpoint waits before answering, standing in for the network round trip to API Gateway.</summary>
    public TimeSpan StubLatency { get; init; } = TimeSpan.Zero;

    /// <summary>The local gateway's <c>Notifier.Local.dll</c>; null skips the end-to-end suite.</summary>
    public string? GatewayDll { get; init; }

    /// <summary>Extra <see cref="Core.Delivery.DeliveryOptions.MaxConcurrency"/> values measured beside the default.</summary>
    public IReadOnlyList<int> ExtraConcurrency { get; init; } = [];

    /// <summary>How long one round may take before it counts as failed.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public const string Usage =
        "usage: Notifier.FanOut [--connections 1000,10000] [--rounds 5] [--warmup-rounds 3] [--no-loopback] [--no-signed] [--no-gateway] [--gateway path/Notifier.Local.dll] [--stub-latency-ms 0] [--extra-concurrency 256,1024]";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--connections" => options with { Connections = Integers(Value()) },
                "--rounds" => options with { Rounds = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--warmup-rounds" => options with { WarmupRounds = Math.Max(0, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--no-loopback" => options with { Loopback = false },
                "--no-signed" => options with { Signed = false },
                "--no-gateway" => options with { Gateway = false },
                "--stub-latency-ms" => options with { StubLatency = TimeSpan.FromMilliseconds(int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--gateway" => options with { GatewayDll = Path.GetFullPath(Value()) },
                "--extra-concurrency" => options with { ExtraConcurrency = Integers(Value()) },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'. {Usage}"),
            };
        }

        return options;
    }

    private static int[] Integers(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture))];
}
