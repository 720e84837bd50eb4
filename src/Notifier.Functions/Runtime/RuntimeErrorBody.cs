namespace Notifier.Functions.Runtime;

/// <summary>The JSON body of an invocation or init error: <c>{"errorMessage","errorType","stackTrace"}</c>.</summary>
internal sealed record RuntimeErrorBody(string ErrorMessage, string ErrorType, IReadOnlyList<string> StackTrace);
