using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Notifier.Deploy.Tests.Packaging;
using Notifier.Testing.Events;
using Notifier.Testing.Lambda;
using Notifier.Testing.Tokens;
using Xunit.Abstractions;

namespace Notifier.Deploy.Tests.Bootstrap;

/// <summary>The zip that gets deployed, run as Lambda runs it: <c>bootstrap</c> from the zip against a Runtime API.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class PackagedBootstrapTests(DeploymentBuild build, ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Zip_HoldsOnlyAnExecutableBootstrap()
    {
        DeploymentBuild.RequirePackagingTools();
        var artifact = await build.ArtifactAsync();
        output.WriteLine($"scripts/package.sh took {artifact.Elapsed.TotalSeconds:F1} s");

        using var zip = ZipFile.OpenRead(artifact.Path);

        var entry = Assert.Single(zip.Entries);
        Assert.Equal("bootstrap", entry.FullName);
        var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute | UnixFileMode.OtherExecute), $"bootstrap's mode in the zip is {mode}; Lambda could not run it.");
    }

    [SkippableFact]
    public async Task Authorizer_FromTheZip_AllowsAValidToken()
    {
        DeploymentBuild.RequirePackagingTools();
        var artifact = await build.ArtifactAsync();
        var folder = Directory.CreateTempSubdirectory("notifier-bootstrap-");
        try
        {
            ZipFile.ExtractToDirectory(artifact.Path, folder.FullName);
            var bootstrap = Path.Combine(folder.FullName, "bootstrap");
            await using var api = await FakeRuntimeApi.StartAsync().WaitAsync(Wait);
            var token = TestTokens.Create("deploy-user", expiresIn: TimeSpan.FromMinutes(5));
            var authorizerEvent = SampleEvents.Authorizer(token);
            var methodArn = (string)authorizerEvent["methodArn"]!;
            var requestId = api.Enqueue(SampleEvents.Bytes(authorizerEvent));

            using var process = StartBootstrap(bootstrap, api.RuntimeApi, out var logs);
            try
            {
                var response = await api.NextResponseAsync(Wait);

                Assert.Equal(requestId, response.RequestId);
                using var policy = JsonDocument.Parse(response.Body);
                Assert.Equal("deploy-user", policy.RootElement.GetProperty("principalId").GetString());
                var statement = Assert.Single(policy.RootElement.GetProperty("policyDocument").GetProperty("Statement").EnumerateArray());
                Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
                Assert.Equal(methodArn, statement.GetProperty("Resource").GetString());
            }
            catch (TimeoutException exception)
            {
                throw new TimeoutException($"No response from the packaged bootstrap within {Wait.TotalSeconds} s. Its output:\n{logs}", exception);
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(Wait);
            }

            // The bootstrap's own log lines are JSON (Lambda's LogFormat JSON covers only the platform's lines for
            // a custom runtime) and never carry the token.
            var lines = logs.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
            Assert.DoesNotContain(token, logs.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task Bootstrap_NextBodyCutOff_LogsAReadableReasonAndServesTheNextEvent()
    {
        DeploymentBuild.RequirePackagingTools();
        var artifact = await build.ArtifactAsync();
        using var bootstrap = ExtractedBootstrap.From(artifact.Path);
        await using var api = await FakeRuntimeApi.StartAsync().WaitAsync(Wait);
        api.TruncateNextPolls(1);
        var requestId = api.Enqueue(SampleEvents.Bytes(SampleEvents.Authorizer("not-a-token")));

        using var process = StartBootstrap(bootstrap.Path, api.RuntimeApi, out var logs);
        try
        {
            var answered = await Task.WhenAny(api.NextResponseAsync(Wait), api.NextErrorAsync(Wait));
            Assert.True(answered.IsCompletedSuccessfully, $"The bootstrap answered nothing after the cut-off event. Its output:\n{logs}");
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(Wait);
        }

        // The reason is the framework's own exception message, a sentence; UseSystemResourceKeys would make
        // it a resource key such as "net_http_content_stream_copy_error".
        var reason = Assert.Single(LogLines(logs), line => line.GetProperty("EventId").GetInt32() == 9)
            .GetProperty("State").GetProperty("Reason").GetString()!;
        output.WriteLine(reason);
        Assert.DoesNotMatch(@"\b[a-z]+(_[a-z0-9]+){2,}\b", reason);
        Assert.Matches(@"[A-Z][a-z]+( [a-z]+){3,}", reason);
    }

    [SkippableFact]
    public async Task Bootstrap_NextAnswers500_ExitsWithCodeOneAndSaysWhy()
    {
        DeploymentBuild.RequirePackagingTools();
        var artifact = await build.ArtifactAsync();
        using var bootstrap = ExtractedBootstrap.From(artifact.Path);
        await using var api = await FakeRuntimeApi.StartAsync().WaitAsync(Wait);
        api.FailNextPolls(1, 500);

        using var process = StartBootstrap(bootstrap.Path, api.RuntimeApi, out var logs);
        try
        {
            await process.WaitForExitAsync().WaitAsync(Wait);
        }
        catch (TimeoutException exception)
        {
            process.Kill();
            throw new TimeoutException($"The bootstrap did not exit within {Wait.TotalSeconds} s after a 500. Its output:\n{logs}", exception);
        }

        Assert.Equal(1, process.ExitCode);
        Assert.Equal(1, api.NextRequests);
        var fatal = Assert.Single(LogLines(logs), line => line.GetProperty("EventId").GetInt32() == 11);
        Assert.Contains("invocation/next with 500", fatal.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    private static List<JsonElement> LogLines(StringBuilder logs)
    {
        string text;
        lock (logs)
        {
            text = logs.ToString();
        }

        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>Starts bootstrap with the environment serverless.yml gives the authorizer, the secret filled in.</summary>
    private static Process StartBootstrap(string bootstrap, string runtimeApi, out StringBuilder logs)
    {
        var start = new ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "notifier-test-authorizer";
        start.Environment["AWS_REGION"] = DeploymentBuild.Region;
        start.Environment["_HANDLER"] = "authorizer";
        start.Environment["NOTIFIER_LOG_LEVEL"] = "Information";
        start.Environment["NOTIFIER_JWT_SECRET"] = TestTokens.Secret;
        foreach (var unset in new[] { "NOTIFIER_JWT_JWKS_URL", "NOTIFIER_JWT_AUTHORITY", "NOTIFIER_JWT_ISSUER", "NOTIFIER_JWT_AUDIENCE", "NOTIFIER_ALLOWED_ORIGINS" })
        {
            start.Environment[unset] = string.Empty;
        }

        var captured = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(captured, e.Data);
        process.ErrorDataReceived += (_, e) => Append(captured, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logs = captured;
        return process;
    }

    private static void Append(StringBuilder logs, string? line)
    {
        if (line is not null)
        {
            lock (logs)
            {
                logs.AppendLine(line);
            }
        }
    }
}
