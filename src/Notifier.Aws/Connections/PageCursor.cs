using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Notifier.Core;

namespace Notifier.Aws.Connections;

/// <summary>A DynamoDB <c>LastEvaluatedKey</c> as an opaque string: compact JSON of its string attributes, <c>{"connectionId":"..."}</c>.</summary>
/// <remarks>
/// Written and read by hand (no reflection), so it is Native AOT safe; readably encoded, so that a connection id keeps its
/// <c>+</c>, <c>/</c> and <c>=</c> and the cursor stays short on the queue. The tables' keys are all strings.
/// </remarks>
internal static class PageCursor
{
    /// <summary>The cursor for <paramref name="key"/>, or null when there is no next page.</summary>
    public static string? Encode(Dictionary<string, AttributeValue>? key)
    {
        if (key is not { Count: > 0 })
        {
            return null;
        }

        return JsonText.Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (name, value) in key.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value.S ?? throw new InvalidOperationException($"Key attribute '{name}' is not a string."));
            }

            writer.WriteEndObject();
        },
        JsonText.ReadableOptions);
    }

    /// <summary>Reads a cursor back into a start key holding exactly <paramref name="keyNames"/>.</summary>
    /// <exception cref="ArgumentException">The cursor is not one this store wrote for such a key.</exception>
    public static Dictionary<string, AttributeValue> Decode(string cursor, IReadOnlyCollection<string> keyNames, string paramName)
    {
        var key = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(cursor);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(paramName);
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String
                    || property.Value.GetString() is not { Length: > 0 } value
                    || !key.TryAdd(property.Name, new AttributeValue { S = value }))
                {
                    throw Malformed(paramName);
                }
            }
        }
        catch (JsonException exception)
        {
            throw new ArgumentException("The cursor is not one a page read returned: it is not JSON.", paramName, exception);
        }

        if (key.Count != keyNames.Count || !keyNames.All(key.ContainsKey))
        {
            throw Malformed(paramName);
        }

        return key;
    }

    private static ArgumentException Malformed(string paramName) =>
        new("The cursor is not one a page read of this range returned.", paramName);
}
