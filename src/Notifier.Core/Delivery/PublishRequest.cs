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
    private const string ObjectExpected = "body must be a JSON object: {\"userId\":\"...\",\"message\":{...}}";

    /// <summary>The topic whose subscribers get the message; when set, no user or connection is named.</summary>
    public string? Topic { get; init; }

    /// <summary>A connection a topic send skips, e.g. the sender's own.</summary>
    public string? ExcludeConnectionId { get; init; }

    /// <summary>Reads a request; false with a reason a caller can act on when it is not one.</summary>
    /// <remarks><paramref name="messageTooLarge"/> tells a message over 128 KB (413) from a malformed request (400).</remarks>
    public static bool TryParse(ReadOnlySpan<byte> body, out PublishRequest? request, out string? error, out bool messageTooLarge)
    {
        request = null;
        messageTooLarge = false;
        PublishBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, PublishJsonContext.Default.PublishBody);
        }
        catch (JsonException exception)
        {
            // The reader's syntax errors come wrapped in the serializer's; a value of the wrong type does not.
            error = exception.InnerException is JsonException ? "body is not valid JSON" : ObjectExpected;
            return false;
        }

        if (parsed is null)
        {
            error = ObjectExpected;
            return false;
        }

        if (parsed.Message.ValueKind == JsonValueKind.Undefined)
        {
            error = "body has no \"message\"";
            return false;
        }

        if (!NotificationMessage.TryCreate(parsed.Message, out var message, out error))
        {
            messageTooLarge = true;
            return false;
        }

        List<string> users = parsed.UserId is null ? [] : [parsed.UserId];
        users.AddRange(parsed.UserIds ?? []);
        error = (users.Count, parsed.ConnectionId, parsed.Topic, parsed.ExcludeConnectionId) switch
        {
            (0, null, null, _) => "name the recipients: \"userId\", \"userIds\", \"connectionId\" or \"topic\"",
            (_, _, { }, _) when users.Count > 0 || parsed.ConnectionId is not null => "\"topic\" cannot be combined with \"userId\", \"userIds\" or \"connectionId\"",
            (_, _, { } name, _) when TopicName.Problem(name) is { } problem => problem,
            (_, _, null, { }) => "\"excludeConnectionId\" applies to topic sends only",
            _ => null,
        };
        request = error is null
            ? new PublishRequest(users, parsed.ConnectionId, message!) { Topic = parsed.Topic, ExcludeConnectionId = parsed.ExcludeConnectionId }
            : null;
        return request is not null;
    }
}
