using System.Diagnostics;
using Notifier.Functions.Runtime;
using Notifier.Functions.Tests.Runtime.Fakes;

namespace Notifier.Functions.Tests.Runtime;

/// <summary>What the loop does when the Runtime API itself fails: exit on what the spec calls non-recoverable, retry what is transient.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class LambdaBootstrapRuntimeApiFailureTests
{
    /// <summary>Answers to <c>invocation/next</c> that asking again cannot change.</summary>
    public static TheoryData<string, int> NextAnswersToExitOn => new()
    {
        { "ContainerError_500", 500 },
        { "Forbidden_403", 403 },
        { "BadRequest_400", 400 },
        { "NotImplemented_501", 501 },
    };

    /// <summary>Answers a proxy or a starting emulator gives for a moment.</summary>
    public static TheoryData<string, int> NextAnswersToRetry => new()
    {
        { "TooManyRequests_429", 429 },
        { "BadGateway_502", 502 },
        { "ServiceUnavailable_503", 503 },
        { "GatewayTimeout_504", 504 },
    };

    [Theory]
    [MemberData(nameof(NextAnswersToExitOn))]
    public async Task RunAsync_NextAnswersNonRecoverable_ExitsWithFailureCodeWithoutRetrying(string name, int status)
    {
        await using var harness = await BootstrapHarness.StartAsync(() => new EchoFunction(), api => api.FailNextPolls(1, status));

        var exitCode = await harness.Run.WaitAsync(BootstrapHarness.Wait);

        Assert.True(exitCode == LambdaBootstrap.FailureExitCode, $"{name}: exit code {exitCode}");
        Assert.Equal(1, harness.Api.NextRequests);
        Assert.Equal(0, harness.Logger.Count("RuntimeApiUnavailable"));
        var fatal = Assert.Single(harness.Logger.Entries, entry => entry.EventId.Name == "RuntimeApiFatal");
        Assert.Contains($"invocation/next with {status}", fatal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NextAnswersToRetry))]
    public async Task RunAsync_NextAnswersTransient_RetriesAndThenServes(string name, int status)
    {
        await using var harness = await BootstrapHarness.StartAsync(() => new EchoFunction(), api => api.FailNextPolls(2, status));

        var requestId = harness.Api.Enqueue("{}");
        var response = await harness.Api.NextResponseAsync();

        Assert.Equal(requestId, response.RequestId);
        Assert.True(harness.Logger.Count("RuntimeApiUnavailable") == 2, name);
        Assert.False(harness.Run.IsCompleted, name);
    }

    [Fact]
    public async Task RunAsync_NextBodyCutOff_RetriesAndThenServes()
    {
        await using var harness = await BootstrapHarness.StartAsync(() => new EchoFunction(), api => api.TruncateNextPolls(1));

        var requestId = harness.Api.Enqueue("{}");
        var response = await harness.Api.NextResponseAsync();

        Assert.Equal(requestId, response.RequestId);
        Assert.Equal(1, harness.Logger.Count("RuntimeApiUnavailable"));
    }

    [Fact]
    public async Task RunAsync_ResponsePostAnswers500_ExitsWithFailureCode()
    {
        await using var harness = await BootstrapHarness.StartAsync(() => new EchoFunction(), api => api.FailNextPosts(1, 500));
        var stopwatch = Stopwatch.StartNew();

        harness.Api.Enqueue("{}");
        var exitCode = await harness.Run.WaitAsync(BootstrapHarness.Wait);

        Assert.Equal(LambdaBootstrap.FailureExitCode, exitCode);
        Assert.Equal(1, harness.Logger.Count("RuntimeApiFatal"));
        Assert.Equal(1, harness.Api.NextRequests);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RunAsync_ErrorPostAnswers500_ExitsWithFailureCode()
    {
        await using var harness = await BootstrapHarness.StartAsync(() => new FailingFunction("Unauthorized", "Unauthorized"), api => api.FailNextPosts(1, 500));

        harness.Api.Enqueue("{}");
        var exitCode = await harness.Run.WaitAsync(BootstrapHarness.Wait);

        Assert.Equal(LambdaBootstrap.FailureExitCode, exitCode);
        var fatal = Assert.Single(harness.Logger.Entries, entry => entry.EventId.Name == "RuntimeApiFatal");
        Assert.Contains("/error with 500", fatal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ResponsePostAnswers413_LogsAndServesTheNextEvent()
    {
        await using var harness = await BootstrapHarness.StartAsync(() => new EchoFunction(), api => api.FailNextPosts(1, 413));

        harness.Api.Enqueue("{\"first\":true}");
        var second = harness.Api.Enqueue("{}");
        var response = await harness.Api.NextResponseAsync();

        Assert.Equal(second, response.RequestId);
        Assert.Equal(1, harness.Logger.Count("PostFailed"));
        Assert.Equal(0, harness.Logger.Count("RuntimeApiFatal"));
        Assert.False(harness.Run.IsCompleted);
    }
}
