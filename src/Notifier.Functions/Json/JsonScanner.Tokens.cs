using System.Buffers;
using System.Runtime.CompilerServices;

namespace Notifier.Functions.Json;

/// <summary>The tokens inside values: whitespace, strings, literals and numbers.</summary>
internal ref partial struct JsonScanner
{
    // Inside a string only these bytes need a look: the closing quote, an escape, or a control byte (invalid).
    private static readonly SearchValues<byte> StringSpecials = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while ((uint)position < (uint)json.Length && json[position] <= ' ' && IsWhitespace(json[position]))
        {
            position++;
        }

        return position;
    }

    private static bool IsWhitespace(byte value) => value is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    /// <summary>Scans the string whose opening quote is at <paramref name="position"/>, and moves past its closing quote.</summary>
    private static bool TryScanString(ReadOnlySpan<byte> json, ref int position, out JsonString value)
    {
        value = default;
        var start = position + 1;
        var at = start;
        var escaped = false;
        while (true)
        {
            var found = json[at..].IndexOfAny(StringSpecials);
            if (found < 0)
            {
                return false;
            }

            at += found;
            var special = json[at];
            if (special == '"')
            {
                value = new JsonString(start, at - start, escaped);
                position = at + 1;
                return true;
            }

            if (special != '\\' || !JsonEscape.TrySkip(json, ref at))
            {
                return false;
            }

            escaped = true;
        }
    }

    private bool TryLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_json[_position..].StartsWith(literal))
        {
            return false;
        }

        _position += literal.Length;
        return true;
    }

    /// <summary>Passes a number: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>. What follows is the caller's to check.</summary>
    private bool TrySkipNumber()
    {
        var json = _json;
        var position = _position;
        if (position < json.Length && json[position] == '-')
        {
            position++;
        }

        if (position >= json.Length || !char.IsAsciiDigit((char)json[position]))
        {
            return false;
        }

        position = json[position] == '0' ? position + 1 : SkipDigits(json, position);
        if (position < json.Length && json[position] == '.' && !TrySkipDigits(json, ref position, 1))
        {
            return false;
        }

        if (position < json.Length && (json[position] | 0x20) == 'e')
        {
            var sign = position + 1 < json.Length && json[position + 1] is (byte)'+' or (byte)'-' ? 1 : 0;
            if (!TrySkipDigits(json, ref position, 1 + sign))
            {
                return false;
            }
        }

        _position = position;
        return true;
    }

    /// <summary>Passes <paramref name="prefix"/> bytes, then one or more digits.</summary>
    private static bool TrySkipDigits(ReadOnlySpan<byte> json, ref int position, int prefix)
    {
        var first = position + prefix;
        if (first >= json.Length || !char.IsAsciiDigit((char)json[first]))
        {
            return false;
        }

        position = SkipDigits(json, first);
        return true;
    }

    private static int SkipDigits(ReadOnlySpan<byte> json, int position)
    {
        while (position < json.Length && char.IsAsciiDigit((char)json[position]))
        {
            position++;
        }

        return position;
    }
}
