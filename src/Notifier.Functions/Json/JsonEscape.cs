using System.Buffers;

namespace Notifier.Functions.Json;

/// <summary>JSON's escape sequences: <c>\" \\ \/ \b \f \n \r \t</c>, and <c>\u</c> with four hex digits.</summary>
internal static class JsonEscape
{
    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    /// <summary>Passes the escape whose backslash is at <paramref name="position"/>; false when it is not a valid one.</summary>
    public static bool TrySkip(ReadOnlySpan<byte> json, ref int position)
    {
        if (position + 1 >= json.Length)
        {
            return false;
        }

        switch (json[position + 1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                position += 2;
                return true;
            case (byte)'u':
                if (position + 6 > json.Length || json.Slice(position + 2, 4).ContainsAnyExcept(HexDigits))
                {
                    return false;
                }

                position += 6;
                return true;
            default:
                return false;
        }
    }
}
