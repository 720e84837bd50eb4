using System.Text.Json;

namespace Notifier.Testing.Lambda;

/// <summary>An error posted to <c>invocation/{id}/error</c> or <c>init/error</c> (<see cref="RequestId"/> null).</summary>
/// <param name="HeaderErrorType">The <c>Lambda-Runtime-Function-Error-Type</c> header, or null when absent.</param>
/// <param name="Body">The raw JSON body.</param>
public sealed record RecordedError(string? RequestId, string? HeaderErrorType, string Body)
{
    /// <summary>The body's <c>errorType</c>.</summary>
    public string? ErrorType => Property("errorType");

    /// <summary>The body's <c>errorMessage</c>.</summary>
    public string? ErrorMessage => Property("errorMessage");

    private string? Property(string name)
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
    }
}
