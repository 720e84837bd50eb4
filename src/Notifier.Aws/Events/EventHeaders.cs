namespace Notifier.Aws.Events;

/// <summary>Case-insensitive reads of headers and query parameters from API Gateway's single- and multi-value maps.</summary>
public static class EventHeaders
{
    /// <summary>The first value of a header, whatever the case of its name; null when absent.</summary>
    public static string? Header(
        IReadOnlyDictionary<string, string>? headers,
        IReadOnlyDictionary<string, List<string>>? multiValueHeaders,
        string name)
    {
        var values = Values(headers, multiValueHeaders, name, StringComparison.OrdinalIgnoreCase);
        return values.Count > 0 ? values[0] : null;
    }

    /// <summary>Every value of a header, whatever the case of its name: the multi-value entries first, then a single value not among them.</summary>
    /// <remarks>For a header that decides something when sent twice (<c>Authorization</c>), where taking the first would let the order decide.</remarks>
    public static IReadOnlyList<string> Headers(
        IReadOnlyDictionary<string, string>? headers,
        IReadOnlyDictionary<string, List<string>>? multiValueHeaders,
        string name) => Values(headers, multiValueHeaders, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every value of a query parameter (names are case-sensitive, as in API Gateway).</summary>
    public static IReadOnlyList<string> Query(
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyDictionary<string, List<string>>? multiValueParameters,
        string name) => Values(parameters, multiValueParameters, name, StringComparison.Ordinal);

    private static List<string> Values(
        IReadOnlyDictionary<string, string>? single,
        IReadOnlyDictionary<string, List<string>>? multi,
        string name,
        StringComparison comparison)
    {
        var values = new List<string>();
        foreach (var (key, list) in multi ?? new Dictionary<string, List<string>>())
        {
            if (string.Equals(key, name, comparison) && list is not null)
            {
                values.AddRange(list.Where(value => value is not null));
            }
        }

        foreach (var (key, value) in single ?? new Dictionary<string, string>())
        {
            if (string.Equals(key, name, comparison) && value is not null && !values.Contains(value, StringComparer.Ordinal))
            {
                values.Add(value);
            }
        }

        return values;
    }
}
