using System.Text;

namespace Notifier.Aws.Signing;

internal static partial class SigV4Canonical
{
    /// <summary>URI-encodes every UTF-8 byte except <c>A-Z a-z 0-9 - _ . ~</c>, with upper-case hex.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        AppendEncoded(builder, value);
        return builder.ToString();
    }

    private static void AppendEncoded(StringBuilder builder, string value)
    {
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Convert.ToHexString([b]));
            }
        }
    }

    private static void AppendTrimmed(StringBuilder builder, string value)
    {
        var span = value.AsSpan().Trim();
        var previousSpace = false;
        foreach (var c in span)
        {
            var space = c is ' ' or '\t';
            if (!space || !previousSpace)
            {
                builder.Append(space ? ' ' : c);
            }

            previousSpace = space;
        }
    }
}
