using Xunit;

namespace Notifier.Testing;

/// <summary>Decides what a test does when a real component it needs (dynalite, Chromium, ...) is missing.</summary>
/// <remarks>
/// Locally the test is skipped with a loud message; under CI (<c>CI=true</c>) it fails instead,
/// because a skipped integration test there would hide a missing install step.
/// </remarks>
public static class RequiredComponent
{
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (locally) or fails (under CI) unless <paramref name="available"/>.</summary>
    public static void Require(bool available, string component, string howToInstall)
    {
        if (available)
        {
            return;
        }

        var message = $"{component} is not available ({howToInstall}).";
        if (IsCi)
        {
            throw new InvalidOperationException($"CI=true and {message} Integration tests must run under CI.");
        }

        Console.Error.WriteLine($"*** SKIPPING: {message} ***");
        Skip.If(true, $"SKIPPED: {message}");
    }
}
