using System.Text;
using System.Text.Json;

namespace Notifier.Functions.Handlers;

/// <summary>The header and query maps: which entries are kept, and how repeated names resolve.</summary>
internal static partial class AuthorizerEventReader
{
    private static bool TryReadHeaders(ref Utf8JsonReader reader, bool multiValue, ref FirstValue authorization, ref FirstValue origin)
    {
        // A repeated map replaces the earlier one, as a repeated property does when deserializing.
        authorization = default;
        origin = default;
        if (!TryStartMap(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAuthorization = NameEqualsIgnoreCase(ref reader, AuthorizationHeader);
            var isOrigin = !isAuthorization && NameEqualsIgnoreCase(ref reader, OriginHeader);
            var keep = isAuthorization || isOrigin;
            var name = keep ? GetName(ref reader, isAuthorization ? AuthorizationHeader : OriginHeader) : null;
            string? value;
            if (!reader.Read() || !(multiValue ? TryReadFirstOfList(ref reader, keep, out value) : TryGetString(ref reader, keep, out value)))
            {
                return false;
            }

            if (isAuthorization)
            {
                authorization.Set(name!, value);
            }
            else if (isOrigin)
            {
                origin.Set(name!, value);
            }
        }

        return true;
    }

    private static bool TryReadQuery(ref Utf8JsonReader reader, ref string? token)
    {
        token = null;
        if (!TryStartMap(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isToken = reader.ValueTextEquals("token"u8);
            if (!reader.Read() || !TryGetString(ref reader, isToken, out var value))
            {
                return false;
            }

            if (isToken)
            {
                token = value;
            }
        }

        return true;
    }

    private static bool TryReadMultiValueQuery(ref Utf8JsonReader reader, ref TokenValues tokens)
    {
        tokens.Clear();
        if (!TryStartMap(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isToken = reader.ValueTextEquals("token"u8);
            if (isToken)
            {
                tokens.Clear();
            }

            if (!reader.Read() || !(isToken ? TryReadList(ref reader, ref tokens) : TryReadFirstOfList(ref reader, keep: false, out _)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A value list (null, or an array of strings and nulls), adding its non-null values to <paramref name="values"/>.</summary>
    private static bool TryReadList(ref Utf8JsonReader reader, ref TokenValues values)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryGetString(ref reader, keep: true, out var value))
            {
                return false;
            }

            if (value is not null)
            {
                values.Add(value);
            }
        }

        return true;
    }

    /// <summary>A value list, keeping only its first non-null value (and that only when <paramref name="keep"/>).</summary>
    private static bool TryReadFirstOfList(ref Utf8JsonReader reader, bool keep, out string? first)
    {
        first = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryGetString(ref reader, keep && first is null, out var value))
            {
                return false;
            }

            first ??= value;
        }

        return true;
    }

    /// <summary>Compares a property name with <paramref name="name"/> as <see cref="StringComparison.OrdinalIgnoreCase"/> does.</summary>
    private static bool NameEqualsIgnoreCase(ref Utf8JsonReader reader, string name)
    {
        var span = reader.ValueSpan;
        if (!reader.ValueIsEscaped && Ascii.IsValid(span))
        {
            return Ascii.EqualsIgnoreCase(span, name);
        }

        // Escaped or non-ASCII ("ı" upper-cases to "I"): compare as UTF-16. An escape is at most 6 bytes per
        // UTF-16 unit, so a longer name cannot match.
        if (span.Length > name.Length * 6)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[span.Length];
        var length = reader.CopyString(buffer);
        return buffer[..length].Equals(name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The property name, without allocating when it is spelled exactly as <paramref name="canonical"/>.</summary>
    private static string GetName(ref Utf8JsonReader reader, string canonical) =>
        reader.ValueTextEquals(canonical) ? canonical : reader.GetString()!;
}
