using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Notifier.Functions.Runtime;
using Notifier.Functions.Tests.Runtime.Fakes;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public sealed class LambdaBootstrapLifecycleTests
{
    [Fact]
    public async Task RunAsync_FactoryThrows_PostsInitErrorAndReturnsOne()
    {
        const string Message = "NOTIFIER_CONNECTIONS_TABLE is not set.";
        await using var harness = await BootstrapHarness.StartAsync(() => throw new InvalidOperationException(Message));

        var exitCode = await harness.Run.WaitAsync(BootstrapHarness.Wait);
        var initError = await harness.Api.NextInitErrorAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal(Message, initError.ErrorMessage);
        Assert.Equal(nameof(InvalidOperationException), initError.ErrorType);
        Assert.Equal(nameof(InvalidOperationException), initError.HeaderErrorType);
        Assert.Equal(0, harness.Api.NextRequests);
    }

    [Fact]
    public async Task RunAsync_DeadlineNear_CancelsTokenAndPostsTimeoutError()
    {
        var function = new TokenAwaitingFunction();
        await using var harness = await BootstrapHarness.StartAsync(function);
        var stopwatch = Stopwatch.StartNew();

        var requestId = harness.Api.Enqueue("{}", timeout: TimeSpan.FromSeconds(1));
        await function.Cancelled.WaitAsync(BootstrapHarness.Wait);
        var error = await harness.Api.NextErrorAsync();

        Assert.Equal(requestId, error.RequestId);
        Assert.Equal(LambdaBootstrap.TimeoutErrorType, error.ErrorType);
        Assert.Equal(LambdaBootstrap.TimeoutErrorType, error.HeaderErrorType);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RunAsync_DeadlineAlreadyPassed_CancelsImmediatelyAndKeepsLooping()
    {
        var function = new TokenAwaitingFunction();
        await using var harness = await BootstrapHarness.StartAsync(function);

        harness.Api.Enqueue("{}", timeout: TimeSpan.FromSeconds(-5));
        var error = await harness.Api.NextErrorAsync();

        Assert.Equal(LambdaBootstrap.TimeoutErrorType, error.ErrorType);
        Assert.False(harness.Run.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_OuterTokenCancelledWhileWaiting_ReturnsZero()
    {
        await using var harness = await BootstrapHarness.StartAsync(new EchoFunction());
        await WaitUntilAsync(() => harness.Api.NextRequests >= 1);

        var exitCode = await harness.StopAsync();

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task RunAsync_OuterTokenCancelledDuringInvocation_CancelsFunctionAndReturnsZero()
    {
        var function = new TokenAwaitingFunction();
        await using var harness = await BootstrapHarness.StartAsync(function);
        harness.Api.Enqueue("{}", timeout: TimeSpan.FromMinutes(5));
        await function.Started.WaitAsync(BootstrapHarness.Wait);

        var exitCode = await harness.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.True(function.Cancelled.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_RuntimeApiRefusesConnections_KeepsRetryingUntilCancelled()
    {
        using var client = new LambdaRuntimeClient($"127.0.0.1:{UnusedPort()}");
        var logger = new RecordingLogger<LambdaBootstrap>();
        using var stop = new CancellationTokenSource();
        var run = new LambdaBootstrap(client, logger).RunAsync(() => new EchoFunction(), stop.Token);

        await WaitUntilAsync(() => logger.Count("RuntimeApiUnavailable") >= 3);
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(BootstrapHarness.Wait);

        Assert.Equal(0, exitCode);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < BootstrapHarness.Wait, "The condition did not become true in time.");
            await Task.Delay(20);
        }
    }
}
