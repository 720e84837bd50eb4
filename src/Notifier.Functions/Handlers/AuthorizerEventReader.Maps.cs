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

    /// <summary>The first non-null value among entries whose names matched, resolved as a dictionary would.</summary>
    /// <remarks>Entries stay in the order their names (ordinal) first appeared; a repeated name replaces its value in place.</remarks>
    private struct FirstValue
    {
        private string? _name;
        private string? _value;
        private List<KeyValuePair<string, string?>>? _more;

        public readonly string? First => _value ?? _more?.FirstOrDefault(entry => entry.Value is not null).Value;

        public void Set(string name, string? value)
        {
            if (_name is null || string.Equals(_name, name, StringComparison.Ordinal))
            {
                (_name, _value) = (name, value);
                return;
            }

            _more ??= [];
            var index = _more.FindIndex(entry => string.Equals(entry.Key, name, StringComparison.Ordinal));
            if (index >= 0)
            {
                _more[index] = new(name, value);
            }
            else
            {
                _more.Add(new(name, value));
            }
        }
    }

    /// <summary>The values of the multi-value <c>token</c> entry, with no list for zero or one value.</summary>
    private struct TokenValues
    {
        private string? _first;
        private List<string>? _more;

        public void Clear()
        {
            _first = null;
            _more?.Clear();
        }

        public void Add(string value)
        {
            if (_first is null)
            {
                _first = value;
            }
            else
            {
                (_more ??= []).Add(value);
            }
        }

        /// <summary>These values, then <paramref name="single"/> unless already among them (<c>EventHeaders.Query</c>).</summary>
        public readonly IReadOnlyList<string> ToList(string? single)
        {
            if (_first is null)
            {
                return single is null ? [] : [single];
            }

            if (_more is not { Count: > 0 })
            {
                return single is null || string.Equals(single, _first, StringComparison.Ordinal) ? [_first] : [_first, single];
            }

            var all = new List<string>(_more.Count + 2) { _first };
            all.AddRange(_more);
            if (single is not null && !all.Contains(single, StringComparer.Ordinal))
            {
                all.Add(single);
            }

            return all;
        }
    }
}
