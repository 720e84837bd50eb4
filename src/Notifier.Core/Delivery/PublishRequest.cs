using System.Text.Json;
using System.Text.Unicode;
using Notifier.Core.Topics;

namespace Notifier.Core.Delivery;

/// <summary>
/// A parsed publish request, <c>{"userId"|"userIds"|"connectionId"|"topic"|"broadcast", "message"}</c> (a topic send may add
/// <c>"excludeConnectionId"</c>): who gets the message, and the message. Exactly one kind of recipient is named.
/// </summary>
/// <remarks>The same body is accepted by the local gateway's <c>POST /notifications</c>, the Lambda publish function and its SQS queue.</remarks>
public sealed record PublishRequest(IReadOnlyList<string> UserIds, string? ConnectionId, NotificationMessage Message)
{
    private const string ObjectExpected = "body must be a JSON object: {\"userId\":\"...\",\"message\":{...}}";
    private const string OneKindOfRecipient = "name one kind of recipient: \"userId\", \"userIds\", \"connectionId\", \"topic\" or \"broadcast\": true";

    /// <summary>The topic whose subscribers get the message; when set, no user or connection is named.</summary>
    public string? Topic { get; init; }

    /// <summary>True when every connection gets the message; when set, no user, connection or topic is named.</summary>
    public bool Broadcast { get; init; }

    /// <summary>A connection a topic send skips, e.g. the sender's own.</summary>
    public string? ExcludeConnectionId { get; init; }

    /// <summary>Reads a request; false with a reason a caller can act on when it is not one.</summary>
    /// <remarks>
    /// <para>
    /// Exactly one kind of recipient is named: <c>userId</c>, <c>userIds</c>, <c>connectionId</c> or <c>topic</c>
    /// (a field set to <c>null</c> counts as not given). A body naming two, <c>userId</c> with <c>userIds</c>
    /// included, is refused with the fields it gave rather than having one of them silently win.
    /// </para>
    /// <para>
    /// The whole body must be UTF-8: the JSON reader copies a string's bytes without checking them, so
    /// a bad byte in <c>message</c> would otherwise reach every recipient's socket as a text frame that is
    /// not UTF-8, which a browser answers by closing the connection (1007).
    /// <paramref name="messageTooLarge"/> tells a message over 128 KB (413) from a malformed request (400).
    /// </para>
    /// </remarks>
    public static bool TryParse(ReadOnlySpan<byte> body, out PublishRequest? request, out string? error, out bool messageTooLarge)
    {
        request = null;
        messageTooLarge = false;
        if (!Utf8.IsValid(body))
        {
            error = "body is not valid UTF-8";
            return false;
        }

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

        error = RecipientProblem(parsed);
        request = error is null
            ? new PublishRequest(parsed.UserIds ?? (parsed.UserId is null ? [] : [parsed.UserId]), parsed.ConnectionId, message!)
            {
                Topic = parsed.Topic,
                ExcludeConnectionId = parsed.ExcludeConnectionId,
                Broadcast = parsed.Broadcast == true,
            }
            : null;
        return request is not null;
    }

    /// <summary>Why the body's recipients cannot be sent to, or null when it names exactly one kind of them.</summary>
    private static string? RecipientProblem(PublishBody parsed)
    {
        List<string> given = [];
        if (parsed.UserId is not null)
        {
            given.Add("\"userId\"");
        }

        if (parsed.UserIds is not null)
        {
            given.Add("\"userIds\"");
        }

        if (parsed.ConnectionId is not null)
        {
            given.Add("\"connectionId\"");
        }

        if (parsed.Topic is not null)
        {
            given.Add("\"topic\"");
        }

        if (parsed.Broadcast is not null)
        {
            given.Add("\"broadcast\"");
        }

        return given.Count switch
        {
            0 => OneKindOfRecipient,
            > 1 => $"{OneKindOfRecipient} (got {string.Join(", ", given[..^1])} and {given[^1]})",
            _ when parsed.UserIds is [] => "\"userIds\" is empty: name at least one user",
            _ when parsed.Broadcast == false => "\"broadcast\" must be true: it sends to every connection",
            _ when parsed.Topic is { } name && TopicName.Problem(name) is { } problem => problem,
            _ when parsed.Topic is null && parsed.ExcludeConnectionId is not null => "\"excludeConnectionId\" applies to topic sends only",
            _ => null,
        };
    }
}
