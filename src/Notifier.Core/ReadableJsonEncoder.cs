using System.Globalization;
using System.Text.Encodings.Web;

namespace Notifier.Core;

/// <summary>
/// The relaxed JSON encoder with HTML's special characters still escaped: <c>+</c>, <c>/</c>, <c>=</c>, quotes
/// and non-ASCII letters stay as written, so a connection id such as <c>Pmi8pGxqe+ZrV3g=</c> reads as itself,
/// while <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and <c>'</c> become <c>\u003C</c>, <c>\u003E</c>, <c>\u0026</c>
/// and <c>\u0027</c>, so the text is safe inside an HTML page.
/// </summary>
/// <remarks>
/// The runtime offers neither: the encoders <see cref="JavaScriptEncoder.Create(System.Text.Encodings.Web.TextEncoderSettings)"/>
/// makes always escape <c>+</c> (and <c>"</c> as <c>\u0022</c>), and <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>
/// escapes none of HTML's characters. This one defers to the relaxed encoder for everything else.
/// </remarks>
internal sealed class ReadableJsonEncoder : JavaScriptEncoder
{
    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    private ReadableJsonEncoder()
    {
    }

    public static ReadableJsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => Relaxed.MaxOutputCharactersPerInputCharacter;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var relaxed = Relaxed.FindFirstCharacterToEncode(text, textLength);
        var html = new ReadOnlySpan<char>(text, relaxed < 0 ? textLength : relaxed).IndexOfAny("<>&'");
        return html >= 0 ? html : relaxed;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (!IsHtmlSensitive(unicodeScalar))
        {
            return Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        }

        var escape = string.Create(CultureInfo.InvariantCulture, $"\\u{unicodeScalar:X4}");
        numberOfCharactersWritten = escape.Length <= bufferLength ? escape.Length : 0;
        return escape.AsSpan().TryCopyTo(new Span<char>(buffer, bufferLength));
    }

    public override bool WillEncode(int unicodeScalar) => IsHtmlSensitive(unicodeScalar) || Relaxed.WillEncode(unicodeScalar);

    private static bool IsHtmlSensitive(int unicodeScalar) => unicodeScalar is '<' or '>' or '&' or '\'';
}
