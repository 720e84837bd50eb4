using System.Buffers;
using System.Text.Json;

namespace Notifier.Local.Gateway;

/// <summary>What API Gateway makes of an authorizer's answer: go on with this context, or refuse with a status.</summary>
/// <remarks>
/// <see cref="Context"/> is one small JSON object, <c>principalId</c> and the context's scalar values, kept for the
/// connection's life; every event gets its own dictionary of it (<see cref="ContextEntries"/>).
/// </remarks>
internal sealed record AuthorizerVerdict(int StatusCode, JsonElement? Context)
{
    public bool IsAllowed => Context is not null;

    public static AuthorizerVerdict Allow(JsonElement context) => new(200, context);

    /// <summary>The context as <c>requestContext.authorizer</c> carries it; a later duplicate key wins.</summary>
    public static Dictionary<string, JsonElement> ContextEntries(JsonElement context)
    {
        var entries = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var value in context.EnumerateObject())
        {
            entries[value.Name] = value.Value;
        }

        return entries;
    }

    public static AuthorizerVerdict Refuse(int statusCode) => new(statusCode, null);

    /// <summary>Reads a policy as API Gateway does: Allow on the method ARN continues, Deny is 403, a malformed answer 500.</summary>
    public static AuthorizerVerdict FromPolicy(ReadOnlySpan<byte> response, string methodArn)
    {
        try
        {
            using var document = JsonDocument.Parse(response.ToArray());
            var root = document.RootElement;
            if (!root.TryGetProperty("principalId", out var principal) || principal.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("policyDocument", out var policy) || !policy.TryGetProperty("Statement", out var statements)
                || statements.ValueKind != JsonValueKind.Array)
            {
                return Refuse(500);
            }

            var allowed = false;
            foreach (var statement in statements.EnumerateArray())
            {
                var effect = statement.TryGetProperty("Effect", out var e) ? e.GetString() : null;
                var resource = statement.TryGetProperty("Resource", out var r) ? r.GetString() : null;
                var covers = resource is "*" || string.Equals(resource, methodArn, StringComparison.Ordinal);
                if (covers && effect == "Deny")
                {
                    return Refuse(403);
                }

                allowed |= covers && effect == "Allow";
            }

            return allowed ? Allow(ReadContext(root, principal)) : Refuse(403);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return Refuse(500);
        }
    }

    /// <summary><c>principalId</c> and the context's scalar values, as one small document kept for the connection's life.</summary>
    /// <remarks>A clone of each value would cost a document each, for every connection.</remarks>
    private static JsonElement ReadContext(JsonElement root, JsonElement principal)
    {
        var kept = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(kept))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("principalId");
            principal.WriteTo(writer);
            if (root.TryGetProperty("context", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var value in values.EnumerateObject())
                {
                    if (value.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    {
                        value.WriteTo(writer);
                    }
                }
            }

            writer.WriteEndObject();
        }

        var reader = new Utf8JsonReader(kept.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
