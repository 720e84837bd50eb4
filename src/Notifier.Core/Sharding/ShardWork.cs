using System.Text;
using System.Text.Json;
using Notifier.Core.Delivery;
using Notifier.Core.Topics;

namespace Notifier.Core.Sharding;

/// <summary>One shard of a large send: the slice of recipients one publish invocation handles, and the message.</summary>
/// <remarks>
/// <para>
/// A shard addresses one of three things: a chunk of a <c>userIds</c> list (<see cref="UserIds"/>), one partition of a
/// topic's subscribers (<see cref="Topic"/>), or one scan segment of every connection (neither). A topic or
/// every-connection shard takes at most the shard size from its range, starting at <see cref="Cursor"/>; when its range
/// has more, it queues the next link of the same segment (<see cref="Link"/> + 1) from where it stopped.
/// </para>
/// <para>
/// On the queue a shard is the JSON <c>{"shard":{"sendId","segment","segments","link",...},"message":...}</c>; the
/// publish function tells it from a publish request by its <c>shard</c> field. With a history, <c>messageId</c> (and,
/// for a topic shard, <c>seq</c>) say how the message is numbered; a shard without them is sent as the message's bytes
/// alone, or numbered afresh by a sender that keeps a history.
/// </para>
/// </remarks>
public sealed record ShardWork(string SendId, int Segment, int Segments, NotificationMessage Message)
{
    /// <summary>The position of this shard in its segment's chain: 0 for the first, then one more per page.</summary>
    public int Link { get; init; }

    /// <summary>The topic whose subscribers (partition <see cref="Segment"/>) this shard addresses.</summary>
    public string? Topic { get; init; }

    /// <summary>A connection a topic shard skips.</summary>
    public string? ExcludeConnectionId { get; init; }

    /// <summary>Where this shard's page starts in its range; null for the start.</summary>
    public string? Cursor { get; init; }

    /// <summary>The users this shard addresses, when the send named <c>userIds</c>.</summary>
    public IReadOnlyList<string>? UserIds { get; init; }

    /// <summary>The message's id, the same in every shard of the send (its send id); null when the sender keeps no history.</summary>
    public string? MessageId { get; init; }

    /// <summary>The number the topic's stream gave the message when the send was planned, so that every shard's envelopes carry the same one; null for other shards.</summary>
    public long? Seq { get; init; }

    /// <summary>The shard's id within its send: <c>{segment}.{link}</c>.</summary>
    public string Id => $"{Segment}.{Link}";

    /// <summary>The range this shard reads; null for a <see cref="UserIds"/> shard.</summary>
    public RecipientRange? Range => UserIds is null ? new RecipientRange(Topic, Segment, Segments) : null;

    /// <summary>The next link of this shard's segment, starting at <paramref name="cursor"/>.</summary>
    public ShardWork Next(string cursor) => this with { Link = Link + 1, Cursor = cursor };

    /// <summary>Whether a queue message body is a shard rather than a publish request: an object with a <c>shard</c> field.</summary>
    public static bool IsShard(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("shard"u8))
                {
                    return true;
                }

                reader.Skip();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>The shard as it goes on the queue.</summary>
    public byte[] ToUtf8Json()
    {
        var text = JsonText.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("shard");
            JsonSerializer.Serialize(
                writer,
                new ShardFields(SendId, Segment, Segments, Link, Topic, ExcludeConnectionId, Cursor, UserIds, MessageId, Seq),
                ShardJsonContext.Default.ShardFields);
            writer.WritePropertyName("message");
            writer.WriteRawValue(Message.Utf8.Span, skipInputValidation: true);
            writer.WriteEndObject();
        });
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Reads a shard from its queue body; false with a reason when it is not a well-formed one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out ShardWork? shard, out string? error)
    {
        shard = null;
        ShardBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, ShardJsonContext.Default.ShardBody);
        }
        catch (JsonException)
        {
            error = "shard is not valid JSON of the expected shape";
            return false;
        }

        if (parsed?.Shard is not { } fields || string.IsNullOrEmpty(fields.SendId))
        {
            error = "shard has no \"sendId\"";
            return false;
        }

        if (fields.Segments < 1 || fields.Segment < 0 || fields.Segment >= fields.Segments || fields.Link < 0)
        {
            error = "shard's segment is out of range";
            return false;
        }

        if (fields.Topic is { } topic && TopicName.Problem(topic) is { } problem)
        {
            error = problem;
            return false;
        }

        if (fields.Topic is not null && fields.UserIds is not null)
        {
            error = "shard names both a topic and users";
            return false;
        }

        if (fields.MessageId is "")
        {
            error = "shard's \"messageId\" is empty";
            return false;
        }

        if (fields.Seq is { } seq && (seq < 1 || fields.Topic is null || fields.MessageId is null))
        {
            error = "shard's \"seq\" must be positive, on a topic shard with a \"messageId\"";
            return false;
        }

        if (parsed.Message.ValueKind == JsonValueKind.Undefined)
        {
            error = "shard has no \"message\"";
            return false;
        }

        if (!NotificationMessage.TryCreate(parsed.Message, out var message, out error))
        {
            return false;
        }

        shard = new ShardWork(fields.SendId, fields.Segment, fields.Segments, message!)
        {
            Link = fields.Link,
            Topic = fields.Topic,
            ExcludeConnectionId = fields.ExcludeConnectionId,
            Cursor = fields.Cursor,
            UserIds = fields.UserIds,
            MessageId = fields.MessageId,
            Seq = fields.Seq,
        };
        error = null;
        return true;
    }
}
