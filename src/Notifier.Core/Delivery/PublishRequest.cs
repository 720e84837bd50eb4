using System.Text.Json;

namespace Notifier.Core.Delivery;

/// <summary>A parsed publish request, <c>{"userId"|"userIds"|"connectionId", "message"}</c>: who gets the message, and the message.</summary>
/// <remarks>The same body is accepted by the local gateway's <c>POST /notifications</c>, the Lambda publish function and its SQS queue.</remarks>
public sealed record PublishRequest(IReadOnlyList<string> UserIds, string? ConnectionId, NotificationMessage Message)
{
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

            var users = new List<string>();
            if (root.TryGetProperty("userId", out var user) && user.ValueKind == JsonValueKind.String)
            {
                users.Add(user.GetString()!);
            }

            if (root.TryGetProperty("userIds", out var many) && many.ValueKind == JsonValueKind.Array)
            {
                users.AddRange(many.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.String).Select(u => u.GetString()!));
            }

            var connectionId = root.TryGetProperty("connectionId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            if (users.Count == 0 && connectionId is null)
            {
                error = "name the recipients: \"userId\", \"userIds\" or \"connectionId\"";
                return false;
            }

            request = new PublishRequest(users, connectionId, message!);
            error = null;
            return true;
        }
        catch (JsonException)
        {
            error = "body is not valid JSON";
            return false;
        }
    }
}
