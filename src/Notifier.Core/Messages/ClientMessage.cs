using System.Text.Json;

namespace Notifier.Core.Messages;

/// <summary>A client message read at the edge: its <c>action</c> and, for topic actions, its <c>topic</c>.</summary>
/// <param name="Action">The action; null when the message has no string <c>action</c>.</param>
/// <param name="Topic">The <c>topic</c> when it is a string; null otherwise.</param>
/// <param name="HasNonStringTopic">A <c>topic</c> is present but is not a string.</param>
internal sealed record ClientMessage(string? Action, string? Topic, bool HasNonStringTopic)
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 32 };

    /// <summary>Reads a message; null with a reason when it is not a JSON object.</summary>
    public static ClientMessage? TryParse(string? body, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(body))
        {
            problem = "empty message: send a JSON object such as {\"action\":\"ping\"}";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body, ParseOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "message must be a JSON object with an \"action\"";
                return null;
            }

            var action = root.TryGetProperty("action", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var hasTopic = root.TryGetProperty("topic", out var topic);
            return hasTopic && topic.ValueKind == JsonValueKind.String
                ? new ClientMessage(action, topic.GetString(), HasNonStringTopic: false)
                : new ClientMessage(action, null, HasNonStringTopic: hasTopic);
        }
        catch (JsonException)
        {
            problem = "message is not valid JSON";
            return null;
        }
    }
}
