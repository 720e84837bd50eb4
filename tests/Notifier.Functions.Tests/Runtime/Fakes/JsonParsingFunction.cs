using System.Text.Json;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Tests.Runtime.Fakes;

/// <summary>A buggy function: parses the event as JSON and lets the parser throw on garbage.</summary>
internal sealed class JsonParsingFunction : ILambdaFunction
{
    public string Name => "json";

    public Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(payload);
        if (document.RootElement.TryGetProperty("throw", out var message))
        {
            throw new InvalidOperationException(message.GetString());
        }

        return Task.FromResult(FunctionResult.Success("{\"ok\":true}"u8.ToArray()));
    }
}
