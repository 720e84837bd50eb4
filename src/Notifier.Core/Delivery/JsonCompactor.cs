namespace Notifier.Core.Delivery;

/// <summary>Removes insignificant whitespace from valid JSON, leaving every token byte for byte as it was.</summary>
internal static class JsonCompactor
{
    public static byte[] Compact(ReadOnlySpan<byte> json)
    {
        var output = new byte[json.Length];
        var length = 0;
        var inString = false;
        var escaped = false;
        foreach (var b in json)
        {
            if (inString)
            {
                output[length++] = b;
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                output[length++] = b;
                inString = b == (byte)'"';
            }
        }

        return length == output.Length ? output : output[..length];
    }
}
