using System.Text.Json;

namespace Notifier.Core.Topics;

/// <summary>The topics a connection may subscribe to, as its token's topics claim lists them.</summary>
/// <remarks>
/// An entry is a topic name (exact match) or a name prefix followed by <c>*</c> (every topic that starts
/// with the prefix; <c>*</c> alone allows every topic). <c>user:{userId}</c> is always allowed. Entries
/// that are neither are dropped: they could never match a valid topic. The authorizer hands the entries
/// to every route as one context string, a JSON array (<see cref="Encode"/>), since API Gateway's context
/// values must be strings, numbers or booleans.
/// </remarks>
public sealed class TopicGrants
{
    /// <summary>The context key the authorizer writes the encoded entries under.</summary>
    public const string ContextKey = "topics";

    /// <summary>Largest encoded entry list the authorizer passes on; API Gateway limits the whole authorizer result to 8 KB.</summary>
    public const int MaximumEncodedBytes = 4096;

    private readonly string[] _entries;

    private TopicGrants(string[] entries)
    {
        _entries = entries;
    }

    /// <summary>No entries: only the user's own topic.</summary>
    public static TopicGrants None { get; } = new([]);

    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Keeps the well-formed entries of a claim, without repeats, in their order.</summary>
    public static TopicGrants FromClaim(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new([.. entries.Where(IsEntry).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>Whether <paramref name="userId"/>'s connection may subscribe to <paramref name="topic"/> (a valid name).</summary>
    public bool Allows(string topic, string userId)
    {
        if (string.Equals(topic, TopicName.ForUser(userId), StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var entry in _entries)
        {
            var allowed = entry.EndsWith('*')
                ? topic.AsSpan().StartsWith(entry.AsSpan(0, entry.Length - 1), StringComparison.Ordinal)
                : string.Equals(entry, topic, StringComparison.Ordinal);
            if (allowed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The entries as a JSON array text, e.g. <c>["orders/*","room:1"]</c>.</summary>
    public string Encode() => JsonText.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var entry in _entries)
        {
            writer.WriteStringValue(entry);
        }

        writer.WriteEndArray();
    });

    /// <summary>Reads what <see cref="Encode"/> wrote; anything else (absent, not an array of strings) grants nothing beyond the user's topic.</summary>
    public static TopicGrants Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(encoded, new JsonDocumentOptions { MaxDepth = 2 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return None;
            }

            return FromClaim(document.RootElement.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String)
                .Select(e => e.GetString()!));
        }
        catch (JsonException)
        {
            return None;
        }
    }

    /// <summary>Whether <paramref name="entry"/> can be a claim entry: a topic name, or a name prefix (possibly empty) followed by <c>*</c>.</summary>
    public static bool IsEntry(string? entry) =>
        entry is { Length: > 0 } && (entry.EndsWith('*')
            ? entry.Length - 1 <= TopicName.MaximumLength && entry[..^1].All(TopicName.IsAllowedCharacter)
            : TopicName.IsValid(entry));
}
