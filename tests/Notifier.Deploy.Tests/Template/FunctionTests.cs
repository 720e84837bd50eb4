using System.Text.RegularExpressions;
using Notifier.Deploy.Tests.Packaging;
using Notifier.Testing;
using static Notifier.Deploy.Tests.Template.GeneratedTemplate;

namespace Notifier.Deploy.Tests.Template;

/// <summary>The Lambda functions: one AOT artifact on provided.al2023, the handler naming the function, JSON logs, settings.</summary>
[Collection(DeploymentCollection.Name)]
public sealed partial class FunctionTests(DeploymentBuild build)
{
    [SkippableFact]
    public async Task Functions_AreExactlyTheCatalogs()
    {
        var template = await GetAsync(build);

        var handlers = template.OfType("AWS::Lambda::Function").Select(f => (string?)f.Properties["Handler"]).Order(StringComparer.Ordinal);

        Assert.Equal(Functions.Order(StringComparer.Ordinal), handlers);
    }

    [SkippableTheory]
    [InlineData("authorizer")]
    [InlineData("connect")]
    [InlineData("disconnect")]
    [InlineData("default")]
    [InlineData("publish")]
    public async Task Function_RunsTheAotBootstrap_OnProvidedAl2023_WithJsonLogs(string function)
    {
        var template = await GetAsync(build);

        var properties = template.Properties(LogicalName(function) + "LambdaFunction");

        Assert.Equal("provided.al2023", (string?)properties["Runtime"]);
        Assert.Equal(["x86_64"], CloudFormationTemplate.RenderList(properties["Architectures"]));
        Assert.Equal(function, (string?)properties["Handler"]);
        Assert.Equal($"notifier-test-{function}", (string?)properties["FunctionName"]);
        Assert.EndsWith("/" + Path.GetFileName(DeploymentBuild.ArtifactPath), CloudFormationTemplate.Render(properties["Code"]!["S3Key"]), StringComparison.Ordinal);
        Assert.Equal("JSON", (string?)properties["LoggingConfig"]?["LogFormat"]);
        Assert.InRange((int)properties["MemorySize"]!, 128, 1024);
        Assert.InRange((int)properties["Timeout"]!, 1, 29);
    }

    [SkippableFact]
    public async Task Authorizer_TakesItsSecretFromSsmAtDeployTime_AndNoTable()
    {
        var template = await GetAsync(build);

        var variables = template.Properties("AuthorizerLambdaFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("{{resolve:ssm:/notifier/test/jwt-secret}}", (string?)variables["NOTIFIER_JWT_SECRET"]);
        Assert.False(variables.ContainsKey("NOTIFIER_TABLE_NAME"));
    }

    [SkippableTheory]
    [InlineData("connect")]
    [InlineData("disconnect")]
    [InlineData("default")]
    [InlineData("publish")]
    public async Task StoreFunction_NamesThisStacksTable_AndNoJwtSecret(string function)
    {
        var template = await GetAsync(build);

        var variables = template.Properties(LogicalName(function) + "LambdaFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("${ConnectionsTable}", CloudFormationTemplate.Render(variables["NOTIFIER_TABLE_NAME"]));
        Assert.False(variables.ContainsKey("NOTIFIER_JWT_SECRET"));
    }

    [SkippableTheory]
    [InlineData("disconnect")]
    [InlineData("default")]
    [InlineData("publish")]
    public async Task TopicFunction_NamesThisStacksTopicsTable(string function)
    {
        var template = await GetAsync(build);

        var variables = template.Properties(LogicalName(function) + "LambdaFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("${TopicsTable}", CloudFormationTemplate.Render(variables["NOTIFIER_TOPICS_TABLE_NAME"]));
    }

    [SkippableFact]
    public async Task Publish_NamesThisStacksSendsTableAndQueue()
    {
        var template = await GetAsync(build);

        var variables = template.Properties("PublishLambdaFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("${SendsTable}", CloudFormationTemplate.Render(variables["NOTIFIER_SENDS_TABLE_NAME"]));
        Assert.Equal("${PublishQueue}", CloudFormationTemplate.Render(variables["NOTIFIER_PUBLISH_QUEUE_URL"]));
    }

    [SkippableTheory]
    [InlineData("authorizer")]
    [InlineData("connect")]
    [InlineData("disconnect")]
    [InlineData("default")]
    [InlineData("publish")]
    public async Task EveryFunction_WritesAndReadsTheSameTopicPartitions(string function)
    {
        var template = await GetAsync(build);

        var variables = template.Properties(LogicalName(function) + "LambdaFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("16", CloudFormationTemplate.Render(variables["NOTIFIER_TOPIC_PARTITIONS"]));
    }

    [SkippableTheory]
    [InlineData("authorizer", false)]
    [InlineData("connect", false)]
    [InlineData("disconnect", false)]
    [InlineData("default", true)]
    [InlineData("publish", true)]
    public async Task HistoryFunction_NamesThisStacksMessagesTable_AndNoOtherDoes(string function, bool readsHistory)
    {
        var template = await GetAsync(build);

        var variables = template.Properties(LogicalName(function) + "LambdaFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal(readsHistory ? "${MessagesTable}" : null, variables["NOTIFIER_MESSAGES_TABLE_NAME"] is { } table ? CloudFormationTemplate.Render(table) : null);
    }

    [SkippableTheory]
    [InlineData("default")]
    [InlineData("publish")]
    public async Task HistoryFunction_KeepsMessagesAnHour(string function)
    {
        var template = await GetAsync(build);

        var variables = template.Properties(LogicalName(function) + "LambdaFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("3600", CloudFormationTemplate.Render(variables["NOTIFIER_HISTORY_SECONDS"]));
    }

    [SkippableFact]
    public async Task Connect_CapsConnectionsPerUser()
    {
        var template = await GetAsync(build);

        var variables = template.Properties("ConnectLambdaFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("20", CloudFormationTemplate.Render(variables["NOTIFIER_MAX_CONNECTIONS_PER_USER"]));
    }

    [SkippableFact]
    public async Task EverySetting_TheTemplatePasses_IsInTheReadmeSettingsTable()
    {
        var template = await GetAsync(build);
        var readme = await File.ReadAllTextAsync(RepositoryPaths.Combine("README.md"));

        var documented = SettingRow().Matches(readme).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var passed = template.OfType("AWS::Lambda::Function")
            .SelectMany(f => f.Properties["Environment"]!["Variables"]!.AsObject().Select(v => v.Key))
            .Distinct(StringComparer.Ordinal);

        Assert.All(passed, name => Assert.Contains(name, documented));
    }

    [GeneratedRegex(@"^\| `([A-Z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex SettingRow();
}
