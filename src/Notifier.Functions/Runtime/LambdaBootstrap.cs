using Microsoft.Extensions.Logging;
using Notifier.Core.Delivery;

namespace Notifier.Functions.Runtime;

/// <summary>The provided.al2023 custom runtime loop: cold start once, then next invocation, invoke, post, repeat.</summary>
/// <remarks>
/// Shaped after aws-lambda-dotnet's <c>LambdaBootstrap</c> so that moving to Amazon.Lambda.RuntimeSupport
/// stays a small change. A failed cold start is posted to <c>init/error</c> and ends the process with
/// exit code 1. After that nothing one event does ends the loop: a function failure, a thrown exception
/// or a missed deadline is posted as that invocation's error. The Runtime API itself can end it: its spec
/// describes a 500 on any call as "Container error. Non-recoverable state. Runtime should exit promptly.",
/// so a 500 (or another answer to <c>invocation/next</c> that asking again cannot change) ends the loop
/// with exit code 1 and Lambda starts a fresh environment. Only what is transient (the connection refused
/// or dropped, a 429, 502, 503 or 504) is retried, with a short capped, jittered backoff. A failed post
/// other than a 500 loses that one outcome and the loop goes on. The loop ends with exit code 0 when the
/// outer token is cancelled. The deadline token is cooperative: a function that ignores it is stopped by
/// Lambda itself.
/// </remarks>
internal sealed partial class LambdaBootstrap
{
    /// <summary>The environment variable the X-Ray SDK reads the current trace header from.</summary>
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    /// <summary>The exit code after a failed cold start or an answer from the Runtime API the loop cannot go on from.</summary>
    public const int FailureExitCode = 1;

    /// <summary>The error type posted when the invocation's deadline token cancelled the function.</summary>
    public const string TimeoutErrorType = "Runtime.Timeout";

    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

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
    /// <returns>The process exit code: 0 after cancellation, <see cref="FailureExitCode"/> when the cold start failed or the Runtime API answered that the runtime must exit.</returns>
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
            return FailureExitCode;
        }

        Log.Started(_logger, function.Name);
        var exitCode = 0;
        try
        {
            exitCode = await LoopAsync(function, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        Log.Stopped(_logger, exitCode);
        return exitCode;
    }

    /// <summary>Serves events until cancelled (returns 0) or until the Runtime API says the runtime must exit.</summary>
    private async Task<int> LoopAsync(ILambdaFunction function, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            RuntimeInvocation invocation;
            try
            {
                invocation = await _client.GetNextInvocationAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                failures++;
                var delay = Backoff.Delay(failures - 1, InitialBackoff, MaxBackoff);
                Log.RuntimeApiUnavailable(_logger, failures, Reason(exception), delay.TotalMilliseconds);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A 500 (the spec's "Runtime should exit promptly"), a 4xx or an answer we cannot read: asking
                // again gets the same, so exit and let Lambda replace the environment.
                Log.RuntimeApiFatal(_logger, "invocation/next", exception.GetType().Name, exception.Message);
                return FailureExitCode;
            }

            failures = 0;
            if (!await InvokeOnceAsync(function, invocation, cancellationToken).ConfigureAwait(false))
            {
                return FailureExitCode;
            }
        }

        return 0;
    }

    /// <summary>The message and, when there is one, the inner exception's: "Error while copying content to a stream." alone does not say the answer was cut off.</summary>
    private static string Reason(Exception exception) =>
        exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;

    /// <summary>Whether asking the Runtime API again may succeed: the connection failed or a proxy answered for it.</summary>
    private static bool IsTransient(Exception exception) => exception switch
    {
        RuntimeApiException answered => answered.IsTransient,
        HttpRequestException or IOException => true,
        _ => false,
    };

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

    /// <summary>Invokes the function for one event and posts its outcome; false when the Runtime API answered the post with a container error.</summary>
    private async Task<bool> InvokeOnceAsync(ILambdaFunction function, RuntimeInvocation invocation, CancellationToken cancellationToken)
    {
        var requestId = invocation.RequestId;
        Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
        Log.InvocationStarted(_logger, requestId);
        var started = _timeProvider.GetTimestamp();

        FunctionResult result;
        using (var deadline = new CancellationTokenSource(InvocationDeadline.UntilToken(invocation.DeadlineUtc, _timeProvider), _timeProvider))
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
        catch (RuntimeApiException exception) when (exception.IsContainerError && !cancellationToken.IsCancellationRequested)
        {
            Log.RuntimeApiFatal(_logger, exception.Call, exception.GetType().Name, exception.Message);
            return false;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A 400 or 413 (a response over 6 MB) fails this one invocation; Lambda records it as failed.
            Log.PostFailed(_logger, requestId, exception);
        }

        return true;
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
                $"The invocation was cancelled {InvocationDeadline.SafetyMargin.TotalMilliseconds} ms before its deadline.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var errorType = exception.GetType().Name;
            Log.InvocationThrew(_logger, invocation.RequestId, errorType, exception);
            return FunctionResult.Failure(errorType, exception.Message);
        }
    }
}
