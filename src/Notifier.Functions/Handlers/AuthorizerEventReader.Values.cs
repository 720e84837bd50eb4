using Notifier.Functions.Json;

namespace Notifier.Functions.Handlers;

/// <summary>What the reader keeps of repeated header and query entries.</summary>
internal static partial class AuthorizerEventReader
{
    /// <summary>Where the first non-null value lies among entries whose names matched, resolved as a dictionary would.</summary>
    /// <remarks>Entries stay in the order their names (ordinal) first appeared; a repeated name replaces its value in place.</remarks>
    private struct FirstValue
    {
        private string? _name;
        private JsonString? _value;
        private List<KeyValuePair<string, JsonString?>>? _more;

        public readonly JsonString? First => _value ?? _more?.FirstOrDefault(entry => entry.Value is not null).Value;

        public void Set(string name, JsonString? value)
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

    /// <summary>Where the multi-value <c>token</c> entry's values lie, with no list for zero or one value.</summary>
    private struct TokenValues
    {
        private JsonString? _first;
        private List<JsonString>? _more;

        public void Clear()
        {
            _first = null;
            _more?.Clear();
        }

        public void Add(JsonString value)
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
        /// <remarks>The usual event carries the token in both maps, spelled the same: then it is decoded once.</remarks>
        public readonly IReadOnlyList<string> ToList(JsonString? single, ReadOnlySpan<byte> payload)
        {
            if (_first is not { } first)
            {
                return single is { } only ? [only.GetString(payload)] : [];
            }

            var firstValue = first.GetString(payload);
            if (_more is not { Count: > 0 })
            {
                if (single is not { } other || SameText(other, first, payload))
                {
                    return [firstValue];
                }

                var singleValue = other.GetString(payload);
                return string.Equals(singleValue, firstValue, StringComparison.Ordinal) ? [firstValue] : [firstValue, singleValue];
            }

            var all = new List<string>(_more.Count + 2) { firstValue };
            foreach (var value in _more)
            {
                all.Add(value.GetString(payload));
            }

            if (single?.GetString(payload) is { } last && !all.Contains(last, StringComparer.Ordinal))
            {
                all.Add(last);
            }

            return all;
        }

        /// <summary>Whether two strings are spelled byte for byte alike, so that they decode alike.</summary>
        private static bool SameText(JsonString left, JsonString right, ReadOnlySpan<byte> payload) =>
            left.Raw(payload).SequenceEqual(right.Raw(payload));
    }
}
