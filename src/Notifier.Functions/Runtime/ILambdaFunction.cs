namespace Notifier.Functions.Runtime;

/// <summary>One Lambda function: an event's JSON in, a response's JSON (or a function error) out.</summary>
/// <remarks>
/// Every host calls functions through this shape: the Runtime API loop in Lambda, the <c>invoke</c>
/// command and the local gateway. Implementations never throw for bad input; they answer with a
/// response or a <see cref="FunctionResult.Failure"/>.
/// </remarks>
public interface ILambdaFunction
{
    /// <summary>The name <c>_HANDLER</c> selects it by, e.g. <c>authorizer</c>.</summary>
    string Name { get; }

    /// <summary>Handles one invocation.</summary>
    Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);
}
