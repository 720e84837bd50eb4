namespace Notifier.Functions.Runtime;

/// <summary>What one invocation produced: a JSON response, or a function error as Lambda reports it.</summary>
/// <remarks>
/// A failure is an expected outcome, not an exception: API Gateway turns an authorizer's
/// <c>Unauthorized</c> error into 401, so the authorizer returns it as a value.
/// </remarks>
public sealed record FunctionResult
{
    private FunctionResult(byte[]? response, string? errorType, string? errorMessage)
    {
        Response = response;
        ErrorType = errorType;
        ErrorMessage = errorMessage;
    }

    /// <summary>The UTF-8 JSON response; null for a failure.</summary>
    public byte[]? Response { get; }

    /// <summary>The error type reported to Lambda (<c>errorType</c>); null for a success.</summary>
    public string? ErrorType { get; }

    /// <summary>The error message reported to Lambda (<c>errorMessage</c>); null for a success.</summary>
    public string? ErrorMessage { get; }

    public bool IsSuccess => Response is not null;

    public static FunctionResult Success(byte[] response) => new(response ?? throw new ArgumentNullException(nameof(response)), null, null);

    public static FunctionResult Failure(string errorType, string errorMessage) => new(null, errorType, errorMessage);
}
