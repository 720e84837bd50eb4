using Notifier.Functions.Runtime;
using Notifier.Testing.Lambda;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Runtime;

/// <summary>A <see cref="LambdaBootstrap"/> running against a <see cref="FakeRuntimeApi"/>; disposing stops both.</summary>
internal sealed class BootstrapHarness : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly LambdaRuntimeClient _client;

    private BootstrapHarness(FakeRuntimeApi api, LambdaRuntimeClient client, Func<ILambdaFunction> createFunction)
    {
        Api = api;
        _client = client;
        Run = new LambdaBootstrap(client, Logger).RunAsync(createFunction, _stop.Token);
    }

    public FakeRuntimeApi Api { get; }

    public RecordingLogger<LambdaBootstrap> Logger { get; } = new();

    /// <summary>The loop; completes with its exit code.</summary>
    public Task<int> Run { get; }

    public static Task<BootstrapHarness> StartAsync(ILambdaFunction function) => StartAsync(() => function);

    public static async Task<BootstrapHarness> StartAsync(Func<ILambdaFunction> createFunction, Action<FakeRuntimeApi>? arrange = null)
    {
        var api = await FakeRuntimeApi.StartAsync().WaitAsync(Wait);
        arrange?.Invoke(api);
        return new BootstrapHarness(api, new LambdaRuntimeClient(api.RuntimeApi), createFunction);
    }

    /// <summary>Cancels the outer token and returns the loop's exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run.WaitAsync(Wait);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(Wait);
        }
        finally
        {
            _client.Dispose();
            await Api.DisposeAsync();
            _stop.Dispose();
        }
    }
}
