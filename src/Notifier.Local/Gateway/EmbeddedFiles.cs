namespace Notifier.Local.Gateway;

/// <summary>Files compiled into the gateway: the dashboard page, its stylesheet and modules, and the browser client it runs.</summary>
internal static class EmbeddedFiles
{
    private const string PageAssetPrefix = "Notifier.Local.Gateway.Page.";

    public static readonly Lazy<string> DashboardPage = new(() => Read("Notifier.Local.Gateway.dashboard.html"));

    public static readonly Lazy<string> BrowserClient = new(() => Read("Notifier.Local.Gateway.notifier-client.js"));

    /// <summary>The page's assets by file name (<c>dashboard.css</c>, <c>feed.js</c>...), as <c>/_local/page/{name}</c> serves them.</summary>
    public static readonly Lazy<IReadOnlyDictionary<string, string>> PageAssets = new(() => typeof(EmbeddedFiles).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(PageAssetPrefix, StringComparison.Ordinal))
        .ToDictionary(name => name[PageAssetPrefix.Length..], Read, StringComparer.Ordinal));

    private static string Read(string name)
    {
        using var stream = typeof(EmbeddedFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
