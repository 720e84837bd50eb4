using Notifier.Functions.Runtime;

namespace Notifier.Functions.Tests.Runtime.Fakes;

/// <summary>Answers every event with its own bytes.</summary>
internal sealed class EchoFunction : ILambdaFunction
{
    public string Name => "echo";

    public Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        Task.FromResult(FunctionResult.Success(payload.ToArray()));
}
