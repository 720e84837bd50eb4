using System.Text.RegularExpressions;
using Notifier.Deploy.Tests.Packaging;
using Notifier.Testing;
using Xunit.Abstractions;

namespace Notifier.Deploy.Tests.Bootstrap;

/// <summary>
/// The packaged <c>bootstrap</c> starts on provided.al2023 (glibc 2.34), and <c>scripts/check-glibc.sh</c>,
/// which <c>scripts/package.sh</c> runs, refuses a binary that needs more. Both run on the zip this test run
/// already built; no second publish.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed partial class GlibcRequirementTests(DeploymentBuild build, ITestOutputHelper output)
{
    private static readonly Version Al2023Glibc = new(2, 34);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task PackagedBootstrap_NeedsAtMostTheGlibcOfAl2023()
    {
        DeploymentBuild.RequirePackagingTools();
        var artifact = await build.ArtifactAsync();
        using var bootstrap = ExtractedBootstrap.From(artifact.Path);

        var result = await CheckAsync(bootstrap.Path, limit: null);

        result.EnsureSuccess();
        var required = Required(result.Output);
        output.WriteLine($"bootstrap needs glibc {required}");
        Assert.True(required <= Al2023Glibc, $"bootstrap needs glibc {required}; AL2023 has {Al2023Glibc}.");
        Assert.Contains($"(limit {Al2023Glibc})", result.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task CheckGlibc_LimitBelowTheRequirement_FailsNamingBothVersionsAndTheFix()
    {
        DeploymentBuild.RequirePackagingTools();
        var artifact = await build.ArtifactAsync();
        using var bootstrap = ExtractedBootstrap.From(artifact.Path);
        var required = Required((await CheckAsync(bootstrap.Path, limit: null)).EnsureSuccess().Output);

        var result = await CheckAsync(bootstrap.Path, limit: "2.30");

        output.WriteLine(result.Output);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"needs glibc {required}", result.Output, StringComparison.Ordinal);
        Assert.Contains("the limit is 2.30", result.Output, StringComparison.Ordinal);
        Assert.Contains("amazonlinux:2023", result.Output, StringComparison.Ordinal);
        Assert.Contains("docs/deploy.md", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs the check as <c>scripts/package.sh</c> does, the limit passed the way a build would override it.</summary>
    private static Task<CommandResult> CheckAsync(string binary, string? limit) =>
        ExternalCommand.RunAsync(
            "bash",
            [RepositoryPaths.Combine("scripts", "check-glibc.sh"), binary],
            RepositoryPaths.Root,
            new Dictionary<string, string?> { ["NOTIFIER_MAX_GLIBC"] = limit },
            CheckTimeout);

    private static Version Required(string checkOutput)
    {
        var match = RequirementLine().Match(checkOutput);
        Assert.True(match.Success, $"check-glibc.sh printed no requirement:\n{checkOutput}");
        return Version.Parse(match.Groups["version"].Value);
    }

    [GeneratedRegex(@"needs glibc (?<version>\d+\.\d+)")]
    private static partial Regex RequirementLine();
}
