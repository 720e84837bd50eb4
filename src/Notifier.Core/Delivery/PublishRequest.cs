using System.Text.Json;
using Notifier.Core.Topics;

namespace Notifier.Core.Delivery;

/// <summary>
/// A parsed publish request, <c>{"userId"|"userIds"|"connectionId"|"topic", "message"}</c> (a topic send may add
/// <c>"excludeConnectionId"</c>): who gets the message, and the message.
/// </summary>
/// <remarks>The same body is accepted by the local gateway's <c>POST /notifications</c>, the Lambda publish function and its SQS queue.</remarks>
public sealed record PublishRequest(IReadOnlyList<string> UserIds, string? ConnectionId, NotificationMessage Message)
{
    /// <summary>The topic whose subscribers get the message; when set, no user or connection is named.</summary>
    public string? Topic { get; init; }

    /// <summary>A connection a topic send skips, e.g. the sender's own.</summary>
    public string? ExcludeConnectionId { get; init; }

    /// <summary>Reads a request; false with a reason a caller can act on when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out PublishRequest? request, out string? error) =>
        TryParse(body, out request, out error, out _);

    /// <summary>Reads a request; <paramref name="messageTooLarge"/> tells a message over 128 KB (413) from a malformed request (400).</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out PublishRequest? request, out string? error, out bool messageTooLarge)
    {
        request = null;
        messageTooLarge = false;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "body must be a JSON object: {\"userId\":\"...\",\"message\":{...}}";
                return false;
            }

            if (!root.TryGetProperty("message", out var messageElement))
            {
                error = "body has no \"message\"";
                return false;
            }

            if (!NotificationMessage.TryParse(System.Text.Encoding.UTF8.GetBytes(messageElement.GetRawText()), out var message, out error, out messageTooLarge))
            {
                return false;
            }

            request = ReadRecipients(root, message!, out error);
            return request is not null;
        }
        catch (JsonException)
        {
            error = "body is not valid JSON";
            return false;
        }
    }

    private static PublishRequest? ReadRecipients(JsonElement root, NotificationMessage message, out string? error)
    {
        var users = new List<string>();
        if (root.TryGetProperty("userId", out var user) && user.ValueKind == JsonValueKind.String)
        {
            users.Add(user.GetString()!);
        }

        if (root.TryGetProperty("userIds", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            users.AddRange(many.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.String).Select(u => u.GetString()!));
        }

        var connectionId = OptionalString(root, "connectionId");
        var topic = OptionalString(root, "topic");
        var exclude = OptionalString(root, "excludeConnectionId");
        error = (users.Count, connectionId, topic, exclude) switch
        {
            (0, null, null, _) => "name the recipients: \"userId\", \"userIds\", \"connectionId\" or \"topic\"",
            (_, _, { }, _) when users.Count > 0 || connectionId is not null => "\"topic\" cannot be combined with \"userId\", \"userIds\" or \"connectionId\"",
            (_, _, { } name, _) when TopicName.Problem(name) is { } problem => problem,
            (_, _, null, { }) => "\"excludeConnectionId\" applies to topic sends only",
            _ => null,
        };
        return error is null ? new PublishRequest(users, connectionId, message) { Topic = topic, ExcludeConnectionId = exclude } : null;
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
