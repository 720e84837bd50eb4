namespace Notifier.Local.Gateway;

/// <summary>Files compiled into the gateway: the dashboard page and the browser client it runs.</summary>
internal static class EmbeddedFiles
{
    public static readonly Lazy<string> DashboardPage = new(() => Read("Notifier.Local.Gateway.dashboard.html"));

    public static readonly Lazy<string> BrowserClient = new(() => Read("Notifier.Local.Gateway.notifier-client.js"));

    private static string Read(string name)
    {
        using var stream = typeof(EmbeddedFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
