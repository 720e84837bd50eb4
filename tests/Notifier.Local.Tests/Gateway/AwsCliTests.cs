using System.Diagnostics;
using System.Text.Json;
using Notifier.Local.Gateway;
using Notifier.Testing;

namespace Notifier.Local.Tests.Gateway;

/// <summary>The management API driven by a client we did not write: Debian's AWS CLI (installed by scripts/test.sh).</summary>
public sealed class AwsCliTests
{
    private const string AwsCli = "/usr/bin/aws";
    private const string KeyId = "AKIDLOCALTEST";
    private const string Secret = "local-test-secret-key";

    private static GatewayOptions SignedGateway => new() { ManagementCredentials = (KeyId, Secret) };

    [SkippableFact]
    public async Task PostGetDelete_WithTheAwsCli_WorkAsAgainstApiGateway()
    {
        RequiredComponent.Require(File.Exists(AwsCli), "AWS CLI (Debian awscli)", "apt-get install awscli; scripts/test.sh installs it");
        await using var harness = await GatewayHarness.StartAsync(SignedGateway);
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        var post = await RunAsync(harness, Secret, "post-to-connection", "--connection-id", id, "--data", """{"via":"cli"}""", "--cli-binary-format", "raw-in-base64-out");
        Assert.True(post.ExitCode == 0, post.Error);
        Assert.Equal("""{"via":"cli"}""", await GatewayHarness.ReceiveTextAsync(client));

        var get = await RunAsync(harness, Secret, "get-connection", "--connection-id", id);
        Assert.True(get.ExitCode == 0, get.Error);
        using var info = JsonDocument.Parse(get.Output);
        Assert.Equal("127.0.0.1", info.RootElement.GetProperty("Identity").GetProperty("SourceIp").GetString());
        Assert.True(info.RootElement.TryGetProperty("ConnectedAt", out _));

        var delete = await RunAsync(harness, Secret, "delete-connection", "--connection-id", id);
        Assert.True(delete.ExitCode == 0, delete.Error);
        Assert.Equal(1000, await GatewayHarness.ReceiveCloseAsync(client));
        Assert.True(await harness.RecordGoneWithinASecondAsync(id));

        var gone = await RunAsync(harness, Secret, "post-to-connection", "--connection-id", id, "--data", "{}", "--cli-binary-format", "raw-in-base64-out");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("GoneException", gone.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Post_WithWrongSecret_IsRefusedAsInvalidSignature()
    {
        RequiredComponent.Require(File.Exists(AwsCli), "AWS CLI (Debian awscli)", "apt-get install awscli; scripts/test.sh installs it");
        await using var harness = await GatewayHarness.StartAsync(SignedGateway);
        var client = await harness.ConnectAsync("alice");
        var id = await harness.ConnectionIdAsync(client);

        var post = await RunAsync(harness, "not-the-secret", "post-to-connection", "--connection-id", id, "--data", "{}", "--cli-binary-format", "raw-in-base64-out");

        Assert.NotEqual(0, post.ExitCode);
        Assert.Contains("InvalidSignatureException", post.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(GatewayHarness harness, string secret, params string[] arguments)
    {
        var start = new ProcessStartInfo(AwsCli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["apigatewaymanagementapi", .. arguments, "--endpoint-url", harness.Gateway.ManagementEndpoint.AbsoluteUri, "--output", "json"])
        {
            start.ArgumentList.Add(argument);
        }

        var home = Directory.CreateTempSubdirectory("notifier-awscli-").FullName;
        start.Environment["HOME"] = home;
        start.Environment["AWS_ACCESS_KEY_ID"] = KeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(home, recursive: true);
        }

        return (process.ExitCode, await output, await error);
    }
}
