using Microsoft.Extensions.Logging;

namespace Notifier.Functions.Runtime;

internal sealed partial class LambdaBootstrap
{
    /// <summary>The runtime loop's log messages: request ids, error types and timings; never payloads.</summary>
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Runtime loop started for function {FunctionName}.", EventName = "Started")]
        public static partial void Started(ILogger logger, string functionName);

        [LoggerMessage(2, LogLevel.Information, "Runtime loop stopped with exit code {ExitCode}.", EventName = "Stopped")]
        public static partial void Stopped(ILogger logger, int exitCode);

        [LoggerMessage(3, LogLevel.Critical, "Cold start failed with {ErrorType}; reported to init/error.", EventName = "InitFailed")]
        public static partial void InitFailed(ILogger logger, string errorType, Exception exception);

        [LoggerMessage(4, LogLevel.Debug, "Invocation {RequestId} started.", EventName = "InvocationStarted")]
        public static partial void InvocationStarted(ILogger logger, string requestId);

        [LoggerMessage(5, LogLevel.Information, "Invocation {RequestId} succeeded in {ElapsedMs:0.0} ms.", EventName = "InvocationSucceeded")]
        public static partial void InvocationSucceeded(ILogger logger, string requestId, double elapsedMs);

        [LoggerMessage(6, LogLevel.Warning, "Invocation {RequestId} failed with {ErrorType} in {ElapsedMs:0.0} ms.", EventName = "InvocationFailed")]
        public static partial void InvocationFailed(ILogger logger, string requestId, string errorType, double elapsedMs);

        [LoggerMessage(7, LogLevel.Error, "Invocation {RequestId} threw {ErrorType}.", EventName = "InvocationThrew")]
        public static partial void InvocationThrew(ILogger logger, string requestId, string errorType, Exception exception);

        [LoggerMessage(8, LogLevel.Warning, "Invocation {RequestId} was cancelled at its deadline.", EventName = "InvocationTimedOut")]
        public static partial void InvocationTimedOut(ILogger logger, string requestId);

        [LoggerMessage(9, LogLevel.Warning, "Runtime API unavailable (failure {Failures}: {Reason}); retrying in {DelayMs} ms.", EventName = "RuntimeApiUnavailable")]
        public static partial void RuntimeApiUnavailable(ILogger logger, int failures, string reason, double delayMs);

        [LoggerMessage(10, LogLevel.Error, "Posting the outcome of {RequestId} to the Runtime API failed.", EventName = "PostFailed")]
        public static partial void PostFailed(ILogger logger, string requestId, Exception exception);

        [LoggerMessage(11, LogLevel.Critical, "The Runtime API answered {Call} so that the runtime must exit ({ErrorType}: {Reason}); exiting.", EventName = "RuntimeApiFatal")]
        public static partial void RuntimeApiFatal(ILogger logger, string call, string errorType, string reason);
    }
}
