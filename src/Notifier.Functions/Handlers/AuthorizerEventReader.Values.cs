namespace Notifier.Functions.Handlers;

/// <summary>What the reader keeps of repeated header and query entries.</summary>
internal static partial class AuthorizerEventReader
{
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
