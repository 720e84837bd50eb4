using System.Text;
using System.Text.Json;

namespace Notifier.Functions.Json;

/// <summary>Where a string's content lies in a JSON payload (between its quotes), and whether it holds escapes.</summary>
/// <remarks>
/// Unescaped content is used as it stands; escaped content is decoded by <c>Utf8JsonReader</c> over just this one
/// string, so escapes mean exactly what they mean to System.Text.Json. Decoding throws
/// <see cref="InvalidOperationException"/> for a <c>\u</c> escape that is not valid UTF-16 (a lone surrogate), as
/// <c>Utf8JsonReader.GetString</c> does.
/// </remarks>
internal readonly record struct JsonString(int Start, int Length, bool IsEscaped)
{
    /// <summary>The content as it appears in <paramref name="json"/>, escapes and all.</summary>
    public ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> json) => json.Slice(Start, Length);

    /// <summary>Whether the decoded content is <paramref name="utf8"/>.</summary>
    public bool ValueEquals(ReadOnlySpan<byte> json, ReadOnlySpan<byte> utf8)
    {
        if (!IsEscaped)
        {
            return Length == utf8.Length && Raw(json).SequenceEqual(utf8);
        }

        var reader = ReaderAt(json);
        return reader.ValueTextEquals(utf8);
    }

    /// <summary>Whether the decoded content equals <paramref name="text"/> as <see cref="StringComparison.OrdinalIgnoreCase"/> compares.</summary>
    public bool EqualsIgnoreCase(ReadOnlySpan<byte> json, string text)
    {
        if (IsEscaped)
        {
            // An escape is at most 6 bytes per UTF-16 unit, so anything longer cannot match.
            return Length <= text.Length * 6 && DecodedEqualsIgnoreCase(json, text);
        }

        // UTF-8 takes at least one byte and at most three per UTF-16 unit, and one only for ASCII: equal lengths
        // compare as ASCII; a longer name can match only through non-ASCII letters ("ı" upper-cases to "I").
        var raw = Raw(json);
        if (raw.Length <= text.Length)
        {
            return raw.Length == text.Length && Ascii.EqualsIgnoreCase(raw, text);
        }

        return raw.Length <= text.Length * 3 && !Ascii.IsValid(raw) && DecodedEqualsIgnoreCase(json, text);
    }

    /// <summary>The decoded content.</summary>
    public string GetString(ReadOnlySpan<byte> json)
    {
        if (!IsEscaped)
        {
            return Encoding.UTF8.GetString(Raw(json));
        }

        var reader = ReaderAt(json);
        return reader.GetString()!;
    }

    private bool DecodedEqualsIgnoreCase(ReadOnlySpan<byte> json, string text)
    {
        Span<char> buffer = stackalloc char[Length];
        int length;
        if (IsEscaped)
        {
            var reader = ReaderAt(json);
            length = reader.CopyString(buffer);
        }
        else
        {
            length = Encoding.UTF8.GetChars(Raw(json), buffer);
        }

        return buffer[..length].Equals(text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A reader positioned on this string alone, quotes included: a JSON document of its own.</summary>
    private Utf8JsonReader ReaderAt(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json.Slice(Start - 1, Length + 2));
        reader.Read();
        return reader;
    }
}
