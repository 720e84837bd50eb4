namespace Notifier.Testing;

/// <summary>Finds the repository checkout the tests run from.</summary>
public static class RepositoryRoot
{
    /// <summary>The folder holding <c>Notifier.sln</c>, found by walking up from the test binaries; null when absent.</summary>
    public static string? TryFind()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifier.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>Like <see cref="TryFind"/>, but throws when the tests do not run inside a checkout.</summary>
    public static string Find() =>
        TryFind() ?? throw new InvalidOperationException($"No Notifier.sln above {AppContext.BaseDirectory}.");
}
