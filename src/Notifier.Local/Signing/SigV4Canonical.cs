using System.Text;

namespace Notifier.Local.Signing;

/// <summary>The canonical forms of SigV4 (AWS General Reference, "Create a canonical request"), written from the spec.</summary>
internal static class SigV4Canonical
{
    /// <summary>
    /// Normalises the raw path (drops empty and <c>.</c> segments, resolves <c>..</c>) and URI-encodes every
    /// byte outside the unreserved set, <c>%</c> included: a path that was percent-encoded once on the wire is
    /// thereby encoded twice, as SigV4 requires for every service but S3.
    /// </summary>
    public static string CanonicalUri(string rawPath)
    {
        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        var builder = new StringBuilder(rawPath.Length + 16).Append('/');
        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            AppendEncoded(builder, segments[i]);
        }

        if (segments.Count > 0 && rawPath.EndsWith('/'))
        {
            builder.Append('/');
        }

        return builder.ToString();
    }

    /// <summary>Decodes each name and value once, encodes them again, and sorts by name, then value (ordinal).</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        var pairs = new List<(string Name, string Value)>();
        foreach (var parameter in query.Split('&'))
        {
            if (parameter.Length == 0)
            {
                continue;
            }

            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? "" : parameter[(equals + 1)..];
            pairs.Add((Encode(Uri.UnescapeDataString(name)), Encode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => $"{p.Name}={p.Value}"));
    }

    /// <summary>
    /// <c>name:value\n</c> for each signed header in order; repeated headers are joined with <c>,</c>, values
    /// trimmed and inner runs of spaces collapsed. Returns null, naming the header, when a signed header is absent.
    /// </summary>
    public static string? CanonicalHeaders(IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlyList<string> signedHeaders, out string? missing)
    {
        var builder = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var found = false;
            builder.Append(name).Append(':');
            foreach (var header in headers)
            {
                if (!string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (found)
                {
                    builder.Append(',');
                }

                AppendTrimmed(builder, header.Value ?? "");
                found = true;
            }

            if (!found)
            {
                missing = name;
                return null;
            }

            builder.Append('\n');
        }

        missing = null;
        return builder.ToString();
    }

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
