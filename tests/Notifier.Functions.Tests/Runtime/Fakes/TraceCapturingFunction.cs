using System.Collections.Concurrent;
using System.Text;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Tests.Runtime.Fakes;

/// <summary>Records <c>_X_AMZN_TRACE_ID</c> as it is while each invocation runs, and answers with it.</summary>
internal sealed class TraceCapturingFunction : ILambdaFunction
{
    public string Name => "trace";

    public ConcurrentQueue<string?> Seen { get; } = new();

    public Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var traceId = Environment.GetEnvironmentVariable(LambdaBootstrap.TraceIdVariable);
        Seen.Enqueue(traceId);
        return Task.FromResult(FunctionResult.Success(Encoding.UTF8.GetBytes($"\"{traceId}\"")));
    }
}
