namespace Notifier.Functions.Json;

/// <summary>A forward-only JSON scanner over UTF-8 that checks well-formedness as it goes and hands out string locations, not strings.</summary>
/// <remarks>
/// <para>It accepts what <c>Utf8JsonReader</c> accepts with default options and the same <c>MaxDepth</c> (RFC 8259: no
/// comments, no trailing commas, no leading zeros, only the four whitespace bytes, no control bytes inside strings);
/// tests hold the two to the same verdicts. Like the reader, it does not check UTF-8 itself: callers check the whole
/// payload first, once.</para>
/// <para>Why not the reader: on the authorizer's 1.8 KB event, reading it was a third of the whole invocation, and the
/// reader's general state machine most of that; this scanner checks the same event in about two thirds of the time
/// (docs/performance.md). Strings, the bulk of an event, are searched with the runtime's vectorized <c>SearchValues</c>.</para>
/// </remarks>
internal ref partial struct JsonScanner
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
}
