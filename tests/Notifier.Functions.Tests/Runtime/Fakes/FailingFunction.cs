using Notifier.Functions.Runtime;

namespace Notifier.Functions.Tests.Runtime.Fakes;

/// <summary>Answers every event with the same expected failure, as the authorizer answers <c>Unauthorized</c>.</summary>
internal sealed class FailingFunction(string errorType, string errorMessage) : ILambdaFunction
{
    public string Name => "failing";

    public Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        Task.FromResult(FunctionResult.Failure(errorType, errorMessage));
}
