using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Notifier.Functions.Json;

/// <summary>What the next step inside an object or array found.</summary>
internal enum JsonStep : byte
{
    /// <summary>Not well-formed JSON.</summary>
    Invalid,

    /// <summary>A member (after its name and colon) or an element: the scanner is at its value.</summary>
    Item,

    /// <summary>The closing brace or bracket, now consumed.</summary>
    End,
}

/// <summary>A forward-only JSON scanner over UTF-8 that checks well-formedness as it goes and hands out string locations, not strings.</summary>
/// <remarks>
/// <para>It accepts what <c>Utf8JsonReader</c> accepts with default options and the same <c>MaxDepth</c> (RFC 8259: no
/// comments, no trailing commas, no leading zeros, only the four whitespace bytes, no control bytes inside strings);
/// tests hold the two to the same verdicts. Like the reader, it does not check UTF-8 itself: callers check the whole
/// payload first, once.</para>
/// <para>Why not the reader: on the authorizer's 1.8 KB event, reading it was a third of the whole invocation, and the
/// reader's general state machine most of that; this scanner checks the same event in about two thirds of the time
/// (docs/performance.md). Strings, the bulk of an event, are searched 16 bytes at a time.</para>
/// </remarks>
internal ref struct JsonScanner
{
    private readonly ReadOnlySpan<byte> _json;
    private readonly int _maxDepth;
    private int _position;
    private int _depth;
    private bool _atContainerStart;

    public JsonScanner(ReadOnlySpan<byte> json, int maxDepth)
    {
        _json = json;
        _maxDepth = maxDepth;
    }

    /// <summary>The first byte of the next value, after whitespace; 0 at the end of the input.</summary>
    public byte Peek()
    {
        var position = _position = SkipWhitespace(_json, _position);
        return position < _json.Length ? _json[position] : (byte)0;
    }

    /// <summary>Whether only whitespace is left.</summary>
    public bool IsAtEnd() => SkipWhitespace(_json, _position) == _json.Length;

    /// <summary>Enters the object that is the next value; false when it is not one or would nest too deep.</summary>
    public bool TryStartObject() => TryStartContainer((byte)'{');

    /// <summary>Enters the array that is the next value; false when it is not one or would nest too deep.</summary>
    public bool TryStartArray() => TryStartContainer((byte)'[');

    /// <summary>The next member of the current object: its name, with the scanner at its value; or the object's end.</summary>
    public JsonStep NextProperty(out JsonString name)
    {
        name = default;
        var json = _json;
        var step = NextInContainer(json, (byte)'}', out var position);
        if (step != JsonStep.Item)
        {
            return step;
        }

        if (json[position] != '"' || !TryScanString(json, ref position, out name))
        {
            return JsonStep.Invalid;
        }

        position = SkipWhitespace(json, position);
        if (position >= json.Length || json[position] != ':')
        {
            return JsonStep.Invalid;
        }

        _position = position + 1;
        return JsonStep.Item;
    }

    /// <summary>The next element of the current array, with the scanner at its value; or the array's end.</summary>
    public JsonStep NextItem()
    {
        var step = NextInContainer(_json, (byte)']', out var position);
        if (step == JsonStep.Item)
        {
            _position = position;
        }

        return step;
    }

    /// <summary>Reads the next value, which must be a string.</summary>
    public bool TryReadString(out JsonString value)
    {
        value = default;
        var json = _json;
        var position = SkipWhitespace(json, _position);
        if (position >= json.Length || json[position] != '"' || !TryScanString(json, ref position, out value))
        {
            return false;
        }

        _position = position;
        return true;
    }

    /// <summary>Reads the next value, which must be <c>null</c>.</summary>
    public bool TryReadNull() => Peek() == 'n' && TryLiteral("null"u8);

    /// <summary>Checks and passes over the next value, whatever it is.</summary>
    public bool TrySkipValue()
    {
        JsonStep step;
        switch (Peek())
        {
            case (byte)'"':
                return TryReadString(out _);
            case (byte)'{':
                if (!TryStartObject())
                {
                    return false;
                }

                while ((step = NextProperty(out _)) == JsonStep.Item)
                {
                    if (!TrySkipValue())
                    {
                        return false;
                    }
                }

                return step == JsonStep.End;
            case (byte)'[':
                if (!TryStartArray())
                {
                    return false;
                }

                while ((step = NextItem()) == JsonStep.Item)
                {
                    if (!TrySkipValue())
                    {
                        return false;
                    }
                }

                return step == JsonStep.End;
            case (byte)'t':
                return TryLiteral("true"u8);
            case (byte)'f':
                return TryLiteral("false"u8);
            case (byte)'n':
                return TryLiteral("null"u8);
            default:
                return TrySkipNumber();
        }
    }

    private bool TryStartContainer(byte open)
    {
        if (Peek() != open || _depth >= _maxDepth)
        {
            return false;
        }

        _position++;
        _depth++;
        _atContainerStart = true;
        return true;
    }

    /// <summary>
    /// Passes the comma between items, or consumes the closing byte (End); at the start of a container there is no
    /// comma. For an item, <paramref name="position"/> is at its first byte and the scanner has not moved yet.
    /// </summary>
    private JsonStep NextInContainer(ReadOnlySpan<byte> json, byte close, out int position)
    {
        position = SkipWhitespace(json, _position);
        var first = _atContainerStart;
        _atContainerStart = false;
        if (position < json.Length && json[position] == close)
        {
            _position = position + 1;
            _depth--;
            return JsonStep.End;
        }

        if (!first)
        {
            if (position >= json.Length || json[position] != ',')
            {
                return JsonStep.Invalid;
            }

            position = SkipWhitespace(json, position + 1);
        }

        return position < json.Length ? JsonStep.Item : JsonStep.Invalid;
    }

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
