using System.Text.Json;
using Notifier.Core.History;

namespace Notifier.Core.Messages;

/// <summary>A client message read at the edge: its <c>action</c> and, for topic actions, its <c>topic</c>; for a resume, its <c>streams</c>.</summary>
/// <param name="Action">The action; null when the message has no string <c>action</c>.</param>
/// <param name="Topic">The <c>topic</c> when it is a string; null otherwise.</param>
/// <param name="HasNonStringTopic">A <c>topic</c> is present but is not a string.</param>
/// <param name="Streams">A resume's <c>streams</c>, in the order written; null for other actions and when <paramref name="StreamsProblem"/> is set.</param>
/// <param name="StreamsProblem">Why a resume's <c>streams</c> cannot be read; null when they can (or the action is not a resume).</param>
internal sealed record ClientMessage(
    string? Action,
    string? Topic,
    bool HasNonStringTopic,
    IReadOnlyList<StreamPosition>? Streams = null,
    string? StreamsProblem = null)
{
    /// <summary>The action that asks for missed messages.</summary>
    public const string ResumeAction = "resume";

    /// <summary>The most streams one resume may name; a longer list is refused whole, so a client learns the limit at once.</summary>
    public const int MaxResumeStreams = 50;

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
            if (action == ResumeAction)
            {
                var streams = ReadStreams(root, out var streamsProblem);
                return new ClientMessage(action, null, HasNonStringTopic: false, streams, streamsProblem);
            }

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

    /// <summary>Shortens text from the client that an answer quotes, so an answer stays small whatever was sent.</summary>
    public static string Quote(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");

    /// <summary>A resume's <c>streams</c>: an object of stream name to a non-negative whole number; null with the reason otherwise.</summary>
    private static List<StreamPosition>? ReadStreams(JsonElement root, out string? problem)
    {
        problem = null;
        if (!root.TryGetProperty("streams", out var streams))
        {
            problem = "resume needs \"streams\": an object of stream to the last seq received, e.g. {\"user:alice\":41}";
            return null;
        }

        if (streams.ValueKind != JsonValueKind.Object)
        {
            problem = "\"streams\" must be an object of stream to the last seq received, e.g. {\"user:alice\":41}";
            return null;
        }

        var positions = new List<StreamPosition>();
        foreach (var stream in streams.EnumerateObject())
        {
            if (positions.Count == MaxResumeStreams)
            {
                problem = $"resume names more than {MaxResumeStreams} streams; resume at most {MaxResumeStreams} at a time";
                return null;
            }

            // Whole numbers only: TryGetInt64 refuses 41.0 and 4.1e1 as well as fractions and numbers past long's range.
            if (stream.Value.ValueKind != JsonValueKind.Number || !stream.Value.TryGetInt64(out var after) || after < 0)
            {
                problem = $"the seq of stream \"{Quote(stream.Name)}\" must be a non-negative integer";
                return null;
            }

            if (positions.Exists(position => string.Equals(position.Stream, stream.Name, StringComparison.Ordinal)))
            {
                problem = $"stream \"{Quote(stream.Name)}\" is named twice";
                return null;
            }

            positions.Add(new StreamPosition(stream.Name, after));
        }

        return positions;
    }
}
