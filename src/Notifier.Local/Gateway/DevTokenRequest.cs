using System.Text.Json;
using Notifier.Auth.Tokens;
using Notifier.Core.Topics;

namespace Notifier.Local.Gateway;

/// <summary>The body of <c>POST /_local/token</c>: <c>{"userId":"...","topics":["orders/*","room:1"]}</c>, <c>topics</c> optional.</summary>
/// <remarks>
/// The topics become the token's topics claim, so the dashboard can try subscriptions the developer chose; without
/// them (or with none) the token allows only <c>user:{userId}</c>, as a token without the claim does.
/// </remarks>
internal sealed record DevTokenRequest(string UserId, IReadOnlyList<string> Topics)
{
    public const string Shape = "send {\"userId\":\"...\"} with a non-empty user id of at most 256 characters and no control characters, and optionally \"topics\":[\"orders/*\",\"room:1\"]";

    /// <summary>Reads a request; false with a reason the caller can act on when it is not one.</summary>
    public static bool TryParse(byte[] body, out DevTokenRequest? request, out string? error)
    {
        request = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || UserIdOf(root) is not { } userId)
            {
                error = Shape;
                return false;
            }

            if (!TryReadTopics(root, out var topics, out error))
            {
                return false;
            }

            request = new DevTokenRequest(userId, topics);
            return true;
        }
        catch (JsonException)
        {
            error = Shape;
            return false;
        }
    }

    private static string? UserIdOf(JsonElement root) =>
        root.TryGetProperty("userId", out var value)
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is { } userId
        && TokenValidator.IsUsableUserId(userId)
            ? userId
            : null;

    private static bool TryReadTopics(JsonElement root, out IReadOnlyList<string> topics, out string? error)
    {
        topics = [];
        error = null;
        if (!root.TryGetProperty("topics", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            error = "\"topics\" must be an array of strings";
            return false;
        }

        var entries = value.EnumerateArray().Select(e => e.GetString()!).ToList();
        if (entries.FirstOrDefault(e => !TopicGrants.IsEntry(e)) is { } bad)
        {
            error = $"\"{bad}\" is neither a topic name nor a prefix ending in *; names are letters, digits and -_.:/@";
            return false;
        }

        topics = entries.Distinct(StringComparer.Ordinal).ToList();
        return true;
    }
}
