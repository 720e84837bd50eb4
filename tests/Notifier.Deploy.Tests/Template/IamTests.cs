using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Notifier.Aws.Connections;
using Notifier.Aws.Topics;
using Notifier.Deploy.Tests.Packaging;
using static Notifier.Deploy.Tests.Template.GeneratedTemplate;

namespace Notifier.Deploy.Tests.Template;

/// <summary>Least privilege: one role per function, each statement on this stack's own resources, no wildcards.</summary>
[Collection(DeploymentCollection.Name)]
public sealed partial class IamTests(DeploymentBuild build)
{
    private const string Table = "${ConnectionsTable.Arn}";
    private const string Topics = "${TopicsTable.Arn}";
    private const string Sends = "${SendsTable.Arn}";
    private const string Messages = "${MessagesTable.Arn}";
    private const string ByConnection = Topics + "/index/" + TopicTableSchema.ByConnectionIndex;
    private const string ManageConnections = ArnPrefix + "${WebsocketsApi}/test/POST/@connections/*";

    /// <summary>Every action each function's role may take, and on what.</summary>
    public static TheoryData<string, string[]> Grants => new()
    {
        { "authorizer", ["logs:CreateLogStream|${AuthorizerLogGroup.Arn}", "logs:PutLogEvents|${AuthorizerLogGroup.Arn}"] },
        {
            "connect",
            [
                "logs:CreateLogStream|${ConnectLogGroup.Arn}", "logs:PutLogEvents|${ConnectLogGroup.Arn}", $"dynamodb:PutItem|{Table}",
                $"dynamodb:Query|{Table}/index/{ConnectionTableSchema.ByUserIndex}",
            ]
        },
        {
            "disconnect",
            [
                "logs:CreateLogStream|${DisconnectLogGroup.Arn}", "logs:PutLogEvents|${DisconnectLogGroup.Arn}", $"dynamodb:DeleteItem|{Table}",
                $"dynamodb:Query|{ByConnection}", $"dynamodb:BatchWriteItem|{Topics}",
            ]
        },
        {
            "default",
            [
                "logs:CreateLogStream|${DefaultLogGroup.Arn}", "logs:PutLogEvents|${DefaultLogGroup.Arn}", $"dynamodb:GetItem|{Table}",
                $"dynamodb:PutItem|{Topics}", $"dynamodb:DeleteItem|{Topics}", $"dynamodb:Query|{ByConnection}",
                $"dynamodb:GetItem|{Messages}", $"dynamodb:Query|{Messages}", $"execute-api:ManageConnections|{ManageConnections}",
            ]
        },
        {
            "publish",
            [
                "logs:CreateLogStream|${PublishLogGroup.Arn}", "logs:PutLogEvents|${PublishLogGroup.Arn}",
                $"dynamodb:GetItem|{Table}", $"dynamodb:BatchWriteItem|{Table}", $"dynamodb:Scan|{Table}",
                $"dynamodb:Query|{Table}/index/{ConnectionTableSchema.ByUserIndex}",
                $"dynamodb:Query|{Topics}", $"dynamodb:BatchWriteItem|{Topics}", $"dynamodb:Query|{ByConnection}",
                $"execute-api:ManageConnections|{ManageConnections}",
                "sqs:ReceiveMessage|${PublishQueue.Arn}", "sqs:DeleteMessage|${PublishQueue.Arn}", "sqs:GetQueueAttributes|${PublishQueue.Arn}",
                "sqs:SendMessage|${PublishQueue.Arn}",
                $"dynamodb:PutItem|{Sends}", $"dynamodb:UpdateItem|{Sends}", $"dynamodb:Query|{Sends}",
                $"dynamodb:UpdateItem|{Messages}", $"dynamodb:PutItem|{Messages}", $"dynamodb:GetItem|{Messages}", $"dynamodb:Query|{Messages}",
            ]
        },
    };

    [SkippableTheory]
    [MemberData(nameof(Grants))]
    public async Task FunctionRole_GrantsExactlyWhatTheFunctionNeeds(string function, string[] expected)
    {
        var template = await GetAsync(build);

        var roleId = CloudFormationTemplate.Render(template.Properties(LogicalName(function) + "LambdaFunction")["Role"]);
        var statements = Statements(template.Properties(roleId.Trim('$', '{', '}').Replace(".Arn", "", StringComparison.Ordinal)));

        Assert.All(statements, s => Assert.Equal("Allow", (string?)s["Effect"]));
        var granted = statements
            .SelectMany(s => CloudFormationTemplate.RenderList(s["Action"]).SelectMany(action =>
                CloudFormationTemplate.RenderList(s["Resource"]).Select(resource => $"{action}|{resource}")))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), granted);
    }

    [SkippableFact]
    public async Task EveryFunction_HasItsOwnRoleFromThisTemplate_AndTheFrameworkDefaultRoleIsAbsent()
    {
        var template = await GetAsync(build);

        var roles = Functions.Select(f => CloudFormationTemplate.Render(template.Properties(LogicalName(f) + "LambdaFunction")["Role"])).ToList();

        Assert.DoesNotContain("IamRoleLambdaExecution", template.Resources.Select(r => r.Key));
        Assert.Equal(Functions.Count, roles.Distinct(StringComparer.Ordinal).Count());
        Assert.All(roles, role => Assert.Matches(@"^\$\{[A-Za-z]+Role\.Arn\}$", role));
    }

    [SkippableFact]
    public async Task NoRoleOrPolicyStatement_UsesAWildcardAccountApiOrTable()
    {
        var template = await GetAsync(build);

        var resources = template.OfType("AWS::IAM::Role")
            .Concat(template.OfType("AWS::IAM::Policy"))
            .Concat(template.OfType("AWS::IAM::ManagedPolicy"))
            .SelectMany(r => Statements(r.Properties).Select(s => (r.Id, Resources: CloudFormationTemplate.RenderList(s["Resource"]))))
            .SelectMany(s => s.Resources.Select(resource => (s.Id, Resource: resource)))
            .ToList();

        Assert.NotEmpty(resources);
        Assert.All(resources, r =>
        {
            if (r.Resource.StartsWith("arn:", StringComparison.Ordinal))
            {
                // arn:partition:service:region:account:resource, with ${AWS::...} read as one segment.
                var segments = Placeholder().Replace(r.Resource, m => m.Value.Replace("::", ".", StringComparison.Ordinal)).Split(':', 6);
                Assert.True(segments is [_, "${AWS.Partition}" or "aws", _, "${AWS.Region}", "${AWS.AccountId}", _], $"{r.Id}: {r.Resource} is not on this account and region.");
                Assert.StartsWith("${WebsocketsApi}/test/", segments[5], StringComparison.Ordinal);
            }
            else
            {
                // A reference to one of this stack's resources, optionally with a fixed suffix.
                Assert.Matches(@"^\$\{[A-Za-z]+\.Arn\}(/index/[A-Za-z]+)?$", r.Resource);
            }
        });
    }

    private static List<JsonObject> Statements(JsonObject roleOrPolicy)
    {
        var documents = roleOrPolicy["Policies"] is JsonArray inline
            ? inline.Select(p => p!["PolicyDocument"]!)
            : [roleOrPolicy["PolicyDocument"]!];
        return [.. documents.SelectMany(d => d["Statement"]!.AsArray()).Select(s => s!.AsObject())];
    }

    [GeneratedRegex(@"\$\{[^}]+\}")]
    private static partial Regex Placeholder();
}
