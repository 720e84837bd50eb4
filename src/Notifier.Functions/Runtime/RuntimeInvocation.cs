namespace Notifier.Functions.Runtime;

/// <summary>One event handed out by the Runtime API's <c>invocation/next</c>.</summary>
/// <param name="RequestId">The <c>Lambda-Runtime-Aws-Request-Id</c> the outcome is posted under.</param>
/// <param name="DeadlineUtc">When Lambda stops the invocation (<c>Lambda-Runtime-Deadline-Ms</c>); <see cref="DateTimeOffset.MaxValue"/> when absent.</param>
/// <param name="InvokedFunctionArn">The <c>Lambda-Runtime-Invoked-Function-Arn</c>, or null.</param>
/// <param name="TraceId">The X-Ray <c>Lambda-Runtime-Trace-Id</c>, or null.</param>
/// <param name="Payload">The event's JSON, as received.</param>
internal sealed record RuntimeInvocation(
    string RequestId,
    DateTimeOffset DeadlineUtc,
    string? InvokedFunctionArn,
    string? TraceId,
    byte[] Payload);
