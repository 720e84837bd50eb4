namespace Notifier.Testing.Http;

/// <summary>Reads management API request paths as API Gateway does.</summary>
public static class ManagementPaths
{
    private const string Marker = "/@connections/";

    /// <summary>The unescaped connection id of <c>.../@connections/{id}</c>, or the empty string.</summary>
    public static string ConnectionIdOf(string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        var query = rawPath.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawPath : rawPath[..query];
        var at = path.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? string.Empty : Uri.UnescapeDataString(path[(at + Marker.Length)..]);
    }
}
