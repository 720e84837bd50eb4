namespace Notifier.Functions.Runtime;

internal sealed partial class LambdaBootstrap
{
    /// <summary>The error type posted when the invocation's deadline token cancelled the function.</summary>
    public const string TimeoutErrorType = "Runtime.Timeout";

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
