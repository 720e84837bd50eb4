namespace Notifier.Testing;

/// <summary>Finds files of the repository (sample events, node_modules) from a test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string?> RootPath = new(TryFindRoot);

    /// <summary>The folder that holds <c>Notifier.sln</c>; throws when the tests do not run inside a checkout.</summary>
    public static string Root => RootPath.Value ?? throw new InvalidOperationException($"No Notifier.sln above {AppContext.BaseDirectory}.");

    /// <summary>The folder that holds <c>Notifier.sln</c>, or null outside a checkout.</summary>
    public static string? TryRoot => RootPath.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string? TryFindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Notifier.sln")))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
