using Notifier.Functions.Runtime;

namespace Notifier.Functions.Tests.Runtime.Fakes;

/// <summary>Waits on the invocation's token until it fires, and records that it did.</summary>
internal sealed class TokenAwaitingFunction : ILambdaFunction
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "waits";

    public Task Started => _started.Task;

    public Task Cancelled => _cancelled.Task;

    public async Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        using var registration = cancellationToken.Register(() => _cancelled.TrySetResult());
        _started.TrySetResult();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return FunctionResult.Success("{}"u8.ToArray());
    }
}
