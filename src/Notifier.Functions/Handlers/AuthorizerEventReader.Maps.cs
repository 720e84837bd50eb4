using System.Text;
using Notifier.Functions.Json;

namespace Notifier.Functions.Handlers;

/// <summary>The header and query maps: which entries are kept, and how repeated names resolve.</summary>
internal static partial class AuthorizerEventReader
{
    private static ReadOnlySpan<byte> TokenName => "token"u8;

    private static bool TryReadHeaders(ref JsonScanner json, ReadOnlySpan<byte> payload, bool multiValue, ref FirstValue authorization, ref FirstValue origin)
    {
        // A repeated map replaces the earlier one, as a repeated property does when deserializing.
        authorization = default;
        origin = default;
        if (!TryStartMap(ref json, out var isNull) || isNull)
        {
            return isNull;
        }

        JsonStep step;
        while ((step = json.NextProperty(out var name)) == JsonStep.Item)
        {
            var isAuthorization = name.EqualsIgnoreCase(payload, AuthorizationHeader);
            var isOrigin = !isAuthorization && name.EqualsIgnoreCase(payload, OriginHeader);
            JsonString? value;
            if (!(multiValue ? TryReadFirstOfList(ref json, out value) : TryReadOptionalString(ref json, out value)))
            {
                return false;
            }

            if (isAuthorization)
            {
                EnsureDecodable(payload, value);
                authorization.Set(GetName(payload, name, AuthorizationHeader), value);
            }
            else if (isOrigin)
            {
                EnsureDecodable(payload, value);
                origin.Set(GetName(payload, name, OriginHeader), value);
            }
        }

        return step == JsonStep.End;
    }

    private static bool TryReadQuery(ref JsonScanner json, ReadOnlySpan<byte> payload, ref JsonString? token)
    {
        token = null;
        if (!TryStartMap(ref json, out var isNull) || isNull)
        {
            return isNull;
        }

        JsonStep step;
        while ((step = json.NextProperty(out var name)) == JsonStep.Item)
        {
            // Kept as a location: it is usually also the multi-value token, and then it is never decoded.
            var isToken = name.ValueEquals(payload, TokenName);
            if (!TryReadOptionalString(ref json, out var value))
            {
                return false;
            }

            if (isToken)
            {
                token = value;
            }
        }

        return step == JsonStep.End;
    }

    private static bool TryReadMultiValueQuery(ref JsonScanner json, ReadOnlySpan<byte> payload, ref TokenValues tokens)
    {
        tokens.Clear();
        if (!TryStartMap(ref json, out var isNull) || isNull)
        {
            return isNull;
        }

        JsonStep step;
        while ((step = json.NextProperty(out var name)) == JsonStep.Item)
        {
            var isToken = name.ValueEquals(payload, TokenName);
            if (isToken)
            {
                tokens.Clear();
            }

            if (!(isToken ? TryReadList(ref json, ref tokens) : TryReadFirstOfList(ref json, out _)))
            {
                return false;
            }
        }

        return step == JsonStep.End;
    }

    /// <summary>A value list (null, or an array of strings and nulls), adding its non-null values to <paramref name="values"/>.</summary>
    private static bool TryReadList(ref JsonScanner json, ref TokenValues values)
    {
        if (json.Peek() == 'n')
        {
            return json.TryReadNull();
        }

        if (!json.TryStartArray())
        {
            return false;
        }

        JsonStep step;
        while ((step = json.NextItem()) == JsonStep.Item)
        {
            if (!TryReadOptionalString(ref json, out var value))
            {
                return false;
            }

            if (value is { } present)
            {
                values.Add(present);
            }
        }

        return step == JsonStep.End;
    }

    /// <summary>A value list, locating only its first non-null value.</summary>
    private static bool TryReadFirstOfList(ref JsonScanner json, out JsonString? first)
    {
        first = null;
        if (json.Peek() == 'n')
        {
            return json.TryReadNull();
        }

        if (!json.TryStartArray())
        {
            return false;
        }

        JsonStep step;
        while ((step = json.NextItem()) == JsonStep.Item)
        {
            if (!TryReadOptionalString(ref json, out var value))
            {
                return false;
            }

            first ??= value;
        }

        return step == JsonStep.End;
    }

    /// <summary>The property name, without allocating when it is spelled exactly as <paramref name="canonical"/>.</summary>
    private static string GetName(ReadOnlySpan<byte> payload, JsonString name, string canonical) =>
        !name.IsEscaped && name.Length == canonical.Length && Ascii.Equals(name.Raw(payload), canonical)
            ? canonical
            : name.GetString(payload);
}
