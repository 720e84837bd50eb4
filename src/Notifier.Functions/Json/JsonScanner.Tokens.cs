using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Notifier.Functions.Json;

/// <summary>The tokens inside values: whitespace, strings, literals and numbers.</summary>
internal ref partial struct JsonScanner
{
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
            var found = IndexOfStringSpecial(json[at..]);
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

    /// <summary>The index of the first quote, backslash or control byte (the bytes a string's content may not hold as they are); -1 when there is none.</summary>
    private static int IndexOfStringSpecial(ReadOnlySpan<byte> text)
    {
        var index = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(text);
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)' ');
            for (; index <= text.Length - Vector128<byte>.Count; index += Vector128<byte>.Count)
            {
                var block = Vector128.LoadUnsafe(ref start, (nuint)index);
                var special = Vector128.Equals(block, quote) | Vector128.Equals(block, backslash) | Vector128.LessThan(block, space);
                if (special != Vector128<byte>.Zero)
                {
                    return index + BitOperations.TrailingZeroCount(special.ExtractMostSignificantBits());
                }
            }
        }

        for (; index < text.Length; index++)
        {
            if (text[index] is (byte)'"' or (byte)'\\' or < (byte)' ')
            {
                return index;
            }
        }

        return -1;
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
