using Microsoft.Extensions.Logging;
using Notifier.Core.Delivery;

namespace Notifier.Functions.Runtime;

/// <summary>The provided.al2023 custom runtime loop: cold start once, then next invocation, invoke, post, repeat.</summary>
/// <remarks>
/// Shaped after aws-lambda-dotnet's <c>LambdaBootstrap</c> so that moving to Amazon.Lambda.RuntimeSupport
/// stays a small change. A failed cold start is posted to <c>init/error</c> and ends the process with
/// exit code 1. After that nothing one event does ends the loop: a function failure, a thrown exception
/// or a missed deadline is posted as that invocation's error. Transient Runtime API failures are retried
/// with a short capped, jittered backoff. The loop ends (exit code 0) only when the outer token is cancelled.
/// The deadline token is cooperative: a function that ignores it is stopped by Lambda itself.
/// </remarks>
internal sealed partial class LambdaBootstrap
{
    /// <summary>The environment variable the X-Ray SDK reads the current trace header from.</summary>
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    /// <summary>The error type posted when the invocation's deadline token cancelled the function.</summary>
    public const string TimeoutErrorType = "Runtime.Timeout";

    /// <summary>How long before Lambda's deadline the invocation's token fires, leaving time to post an error.</summary>
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly LambdaRuntimeClient _client;
    private readonly ILogger<LambdaBootstrap> _logger;
    private readonly TimeProvider _timeProvider;

    public LambdaBootstrap(LambdaRuntimeClient client, ILogger<LambdaBootstrap> logger, TimeProvider? timeProvider = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Runs the cold start and then the invocation loop until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <returns>The process exit code: 0 after cancellation, 1 when the cold start failed.</returns>
    public async Task<int> RunAsync(Func<ILambdaFunction> createFunction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createFunction);

        ILambdaFunction function;
        try
        {
            function = createFunction();
        }
        catch (Exception exception)
        {
            await ReportInitErrorAsync(exception, cancellationToken).ConfigureAwait(false);
            return 1;
        }

        Log.Started(_logger, function.Name);
        try
        {
            await LoopAsync(function, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        Log.Stopped(_logger);
        return 0;
    }

    private async Task LoopAsync(ILambdaFunction function, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            RuntimeInvocation invocation;
            try
            {
                invocation = await _client.GetNextInvocationAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failures++;
                var delay = Backoff.Delay(failures - 1, InitialBackoff, MaxBackoff);
                Log.RuntimeApiUnavailable(_logger, failures, exception.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            failures = 0;
            await InvokeOnceAsync(function, invocation, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the failure to stderr and <c>init/error</c>; never throws, the process exits with 1 regardless.</summary>
    private async Task ReportInitErrorAsync(Exception exception, CancellationToken cancellationToken)
    {
        var errorType = exception.GetType().Name;
        Log.InitFailed(_logger, errorType, exception);
        try
        {
            await Console.Error.WriteLineAsync($"Init failed: {errorType}: {exception.Message}".AsMemory(), cancellationToken).ConfigureAwait(false);
            await _client.PostInitErrorAsync(errorType, exception.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception reportException)
        {
            Log.PostFailed(_logger, "init", reportException);
        }
    }

    private async Task InvokeOnceAsync(ILambdaFunction function, RuntimeInvocation invocation, CancellationToken cancellationToken)
    {
        var requestId = invocation.RequestId;
        Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
        Log.InvocationStarted(_logger, requestId);
        var started = _timeProvider.GetTimestamp();

        FunctionResult result;
        using (var deadline = new CancellationTokenSource(UntilDeadline(invocation.DeadlineUtc), _timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            result = await InvokeGuardedAsync(function, invocation, deadline.Token, linked.Token, cancellationToken).ConfigureAwait(false);
        }

        var elapsedMs = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            if (result.Response is { } response)
            {
                await _client.PostResponseAsync(requestId, response, cancellationToken).ConfigureAwait(false);
                Log.InvocationSucceeded(_logger, requestId, elapsedMs);
            }
            else
            {
                var errorType = result.ErrorType ?? "Function.Error";
                await _client.PostErrorAsync(requestId, errorType, result.ErrorMessage ?? errorType, cancellationToken).ConfigureAwait(false);
                Log.InvocationFailed(_logger, requestId, errorType, elapsedMs);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.PostFailed(_logger, requestId, exception);
        }
    }

    /// <summary>Runs the function; a thrown exception or a missed deadline becomes a failure to post.</summary>
    private async Task<FunctionResult> InvokeGuardedAsync(
        ILambdaFunction function,
        RuntimeInvocation invocation,
        CancellationToken deadlineToken,
        CancellationToken invocationToken,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await function.InvokeAsync(invocation.Payload, invocationToken).ConfigureAwait(false);
            return result ?? throw new InvalidOperationException($"Function '{function.Name}' returned no result.");
        }
        catch (OperationCanceledException) when (deadlineToken.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.InvocationTimedOut(_logger, invocation.RequestId);
            return FunctionResult.Failure(
                TimeoutErrorType,
                $"The invocation was cancelled {SafetyMargin.TotalMilliseconds} ms before its deadline.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var errorType = exception.GetType().Name;
            Log.InvocationThrew(_logger, invocation.RequestId, errorType, exception);
            return FunctionResult.Failure(errorType, exception.Message);
        }
    }

    private TimeSpan UntilDeadline(DateTimeOffset deadlineUtc)
    {
        if (deadlineUtc == DateTimeOffset.MaxValue)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var remaining = deadlineUtc - _timeProvider.GetUtcNow() - SafetyMargin;
        if (remaining <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return remaining < MaxTimerDelay ? remaining : Timeout.InfiniteTimeSpan;
    }
}
