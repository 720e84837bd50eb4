using System.Text.Json.Nodes;
using Notifier.Deploy.Tests.Template;
using Notifier.Testing;

namespace Notifier.Deploy.Tests.Packaging;

/// <summary>
/// Builds the deployment once per test run and shares it: the Lambda zip (<c>scripts/package.sh</c>),
/// then the CloudFormation template (<c>osls package --stage test</c>, offline).
/// </summary>
/// <remarks>
/// Each step starts when a test first asks for it, after that test has checked the tools it needs
/// (<see cref="RequirePackagingTools"/>, <see cref="RequireOsls"/>): missing tools skip locally and
/// fail under <c>CI=true</c>. <c>osls package</c> reads the zip, so it always runs after the package
/// script. The zip lands at the path serverless.yml names (git-ignored <c>artifacts/</c>); everything
/// else goes to a scratch folder.
/// </remarks>
public sealed class DeploymentBuild : IDisposable
{
    public const string Stage = "test";
    public const string Region = "us-east-1";

    /// <summary>A cold Native AOT publish takes one to two minutes on two idle cores, an incremental one under a minute; with osls, under the test command's 5-minute hang limit.</summary>
    public static readonly TimeSpan PackageTimeout = TimeSpan.FromMinutes(3.5);

    public static readonly TimeSpan OslsTimeout = TimeSpan.FromMinutes(1);

    private readonly string _scratch = Directory.CreateTempSubdirectory("notifier-deploy-").FullName;
    private readonly Lazy<Task<PackagedArtifact>> _artifact;
    private readonly Lazy<Task<CloudFormationTemplate>> _template;

    public DeploymentBuild()
    {
        _artifact = new(PackageAsync);
        _template = new(GenerateTemplateAsync);
    }

    public static string ArtifactPath => RepositoryPaths.Combine("artifacts", "notifier-functions.zip");

    private static string OslsCli => RepositoryPaths.Combine("node_modules", "osls", "bin", "serverless.js");

    /// <summary>Skips (locally) or fails (CI) unless the Native AOT toolchain and an archiver are here.</summary>
    public static void RequirePackagingTools()
    {
        var linker = ExternalCommand.FindOnPath("clang") ?? ExternalCommand.FindOnPath("gcc");
        RequiredComponent.Require(OperatingSystem.IsLinux() && linker is not null, "the Native AOT toolchain (Linux with clang or gcc)",
            "apt-get install clang; scripts/test.sh installs it");
        var archiver = ExternalCommand.FindOnPath("zip") ?? ExternalCommand.FindOnPath("python3");
        RequiredComponent.Require(archiver is not null, "zip (or python3)", "apt-get install zip; scripts/test.sh installs it");
    }

    /// <summary>Skips (locally) or fails (CI) unless node and the project's osls are installed.</summary>
    public static void RequireOsls()
    {
        RequiredComponent.Require(ExternalCommand.FindOnPath("node") is not null, "node", "install Node.js 20");
        RequiredComponent.Require(File.Exists(OslsCli), "osls (node_modules/osls)", "run npm ci at the repository root");
    }

    /// <summary>The zip <c>scripts/package.sh</c> built in this run.</summary>
    public Task<PackagedArtifact> ArtifactAsync() => _artifact.Value;

    /// <summary>The template <c>osls package</c> generated in this run (after <see cref="ArtifactAsync"/>).</summary>
    public Task<CloudFormationTemplate> TemplateAsync() => _template.Value;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder in /tmp; leaving it behind is harmless.
        }
    }

    private static async Task<PackagedArtifact> PackageAsync()
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // No build servers or reusable MSBuild nodes: they would outlive the script while holding its
            // output pipes open, and the test would wait for them.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
            // Set by the test host for itself; the script's own dotnet must find its own SDK.
            ["MSBuildExtensionsPath"] = null,
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
        };
        var result = await ExternalCommand.RunAsync(
            "bash", [RepositoryPaths.Combine("scripts", "package.sh")], RepositoryPaths.Root, environment, PackageTimeout);
        result.EnsureSuccess();
        Assert.True(File.Exists(ArtifactPath), $"scripts/package.sh succeeded but {ArtifactPath} is missing. Output:\n{result.Output}");
        return new PackagedArtifact(ArtifactPath, result.Elapsed);
    }

    private async Task<CloudFormationTemplate> GenerateTemplateAsync()
    {
        await ArtifactAsync();
        var home = Directory.CreateDirectory(Path.Combine(_scratch, "home")).FullName;
        var output = Path.Combine(_scratch, "osls-package");
        var environment = new Dictionary<string, string?>
        {
            ["SLS_TELEMETRY_DISABLED"] = "1",
            ["SLS_DEPRECATION_NOTIFICATION_MODE"] = "error",
            ["HOME"] = home,
            ["AWS_ACCESS_KEY_ID"] = "AKIDNOTIFIERDEPLOYTEST",
            ["AWS_SECRET_ACCESS_KEY"] = "notifier-deploy-test-not-a-secret",
            ["AWS_REGION"] = Region,
            ["AWS_DEFAULT_REGION"] = Region,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = null,
            ["AWS_SHARED_CREDENTIALS_FILE"] = null,
        };
        var result = await ExternalCommand.RunAsync(
            "node", [OslsCli, "package", "--stage", Stage, "--region", Region, "--package", output],
            RepositoryPaths.Root, environment, OslsTimeout);
        result.EnsureSuccess();
        var file = Path.Combine(output, "cloudformation-template-update-stack.json");
        Assert.True(File.Exists(file), $"osls package wrote no {file}. Output:\n{result.Output}");
        var root = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        return new CloudFormationTemplate(root, result.Elapsed);
    }
}
