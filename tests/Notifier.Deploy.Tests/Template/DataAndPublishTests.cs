using System.Globalization;
using Notifier.Aws.Connections;
using Notifier.Aws.History;
using Notifier.Aws.Topics;
using Notifier.Aws.Sends;
using Notifier.Deploy.Tests.Packaging;
using static Notifier.Deploy.Tests.Template.GeneratedTemplate;

namespace Notifier.Deploy.Tests.Template;

/// <summary>The connections table and the two ways backends publish: the IAM-authorized HTTP route and the queue.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class DataAndPublishTests(DeploymentBuild build)
{
    [SkippableFact]
    public async Task ConnectionsTable_HasTheStoresSchema_TtlAndPointInTimeRecovery()
    {
        var template = await GetAsync(build);

        var table = template.Properties("ConnectionsTable");
        var index = Assert.Single(table["GlobalSecondaryIndexes"]!.AsArray())!;

        Assert.Equal("PAY_PER_REQUEST", (string?)table["BillingMode"]);
        var key = Assert.Single(table["KeySchema"]!.AsArray())!;
        Assert.Equal((ConnectionTableSchema.ConnectionId, "HASH"), ((string?)key["AttributeName"], (string?)key["KeyType"]));
        Assert.Equal(ConnectionTableSchema.ByUserIndex, (string?)index["IndexName"]);
        var indexKey = Assert.Single(index["KeySchema"]!.AsArray())!;
        Assert.Equal((ConnectionTableSchema.UserId, "HASH"), ((string?)indexKey["AttributeName"], (string?)indexKey["KeyType"]));
        Assert.Equal("ALL", (string?)index["Projection"]!["ProjectionType"]);
        Assert.Equal(ConnectionTableSchema.ExpiresAt, (string?)table["TimeToLiveSpecification"]!["AttributeName"]);
        Assert.True((bool?)table["TimeToLiveSpecification"]!["Enabled"]);
        Assert.True((bool?)table["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]);
    }

    [SkippableFact]
    public async Task TopicsTable_IsKeyedByTopicThenConnection_WithTheByConnectionIndex_AndTtl()
    {
        var template = await GetAsync(build);

        var table = template.Properties("TopicsTable");
        var index = Assert.Single(table["GlobalSecondaryIndexes"]!.AsArray())!;
        static (string?, string?)[] Keys(System.Text.Json.Nodes.JsonNode keySchema) =>
            [.. keySchema.AsArray().Select(k => ((string?)k!["AttributeName"], (string?)k["KeyType"]))];

        Assert.Equal("PAY_PER_REQUEST", (string?)table["BillingMode"]);
        Assert.Equal([(TopicTableSchema.Topic, "HASH"), (TopicTableSchema.ConnectionId, "RANGE")], Keys(table["KeySchema"]!));
        Assert.Equal(TopicTableSchema.ByConnectionIndex, (string?)index["IndexName"]);
        Assert.Equal([(TopicTableSchema.ConnectionId, "HASH"), (TopicTableSchema.Topic, "RANGE")], Keys(index["KeySchema"]!));
        Assert.Equal([TopicTableSchema.ExpiresAt], CloudFormationTemplate.RenderList(index["Projection"]!["NonKeyAttributes"]));
        Assert.Equal(TopicTableSchema.ExpiresAt, (string?)table["TimeToLiveSpecification"]!["AttributeName"]);
        Assert.True((bool?)table["TimeToLiveSpecification"]!["Enabled"]);
    }

    [SkippableFact]
    public async Task SendsTable_IsKeyedByMessageThenShard_OnDemand_WithTtlAndEncryption()
    {
        var template = await GetAsync(build);

        var table = template.Properties("SendsTable");
        static (string?, string?)[] Keys(System.Text.Json.Nodes.JsonNode keySchema) =>
            [.. keySchema.AsArray().Select(k => ((string?)k!["AttributeName"], (string?)k["KeyType"]))];
        var request = SendTableSchema.BuildCreateTableRequest("sends");

        Assert.Equal("notifier-test-sends", CloudFormationTemplate.Render(table["TableName"]));
        Assert.Equal("PAY_PER_REQUEST", (string?)table["BillingMode"]);
        Assert.Equal([(SendTableSchema.MessageId, "HASH"), (SendTableSchema.Shard, "RANGE")], Keys(table["KeySchema"]!));
        Assert.Equal(
            request.KeySchema.Select(k => ((string?)k.AttributeName, (string?)k.KeyType.Value)),
            Keys(table["KeySchema"]!));
        Assert.Null(table["GlobalSecondaryIndexes"]);
        Assert.Equal(SendTableSchema.ExpiresAt, (string?)table["TimeToLiveSpecification"]!["AttributeName"]);
        Assert.True((bool?)table["TimeToLiveSpecification"]!["Enabled"]);
        Assert.True((bool?)table["SSESpecification"]!["SSEEnabled"]);
    }

    [SkippableFact]
    public async Task MessagesTable_IsKeyedByStreamThenSeq_OnDemand_WithTtlAndEncryption()
    {
        var template = await GetAsync(build);

        var table = template.Properties("MessagesTable");
        static (string?, string?)[] Keys(System.Text.Json.Nodes.JsonNode keySchema) =>
            [.. keySchema.AsArray().Select(k => ((string?)k!["AttributeName"], (string?)k["KeyType"]))];
        var request = MessageTableSchema.BuildCreateTableRequest("messages");
        var attributes = table["AttributeDefinitions"]!.AsArray().Select(a => ((string?)a!["AttributeName"], (string?)a["AttributeType"]));

        Assert.Equal("notifier-test-messages", CloudFormationTemplate.Render(table["TableName"]));
        Assert.Equal("PAY_PER_REQUEST", (string?)table["BillingMode"]);
        Assert.Equal([(MessageTableSchema.Stream, "HASH"), (MessageTableSchema.Seq, "RANGE")], Keys(table["KeySchema"]!));
        Assert.Equal(
            request.KeySchema.Select(k => ((string?)k.AttributeName, (string?)k.KeyType.Value)),
            Keys(table["KeySchema"]!));
        Assert.Equal(
            request.AttributeDefinitions.Select(a => ((string?)a.AttributeName, (string?)a.AttributeType.Value)),
            attributes);
        Assert.Null(table["GlobalSecondaryIndexes"]);
        Assert.Equal(MessageTableSchema.ExpiresAt, (string?)table["TimeToLiveSpecification"]!["AttributeName"]);
        Assert.True((bool?)table["TimeToLiveSpecification"]!["Enabled"]);
        Assert.True((bool?)table["SSESpecification"]!["SSEEnabled"]);
    }

    [SkippableTheory]
    [InlineData("POST /notifications")]
    [InlineData("GET /users/{userId}/presence")]
    [InlineData("GET /users/{userId}/messages")]
    [InlineData("GET /topics/{topic+}")]
    [InlineData("GET /notifications/{messageId}")]
    public async Task PublishRoute_GoesToPublish_WithIamAuthorization_AndPayload2(string routeKey)
    {
        var template = await GetAsync(build);

        var route = Assert.Single(template.OfType("AWS::ApiGatewayV2::Route"), r => (string?)r.Properties["RouteKey"] == routeKey).Properties;
        var integrationId = CloudFormationTemplate.Render(route["Target"]).Replace("integrations/${", "", StringComparison.Ordinal).TrimEnd('}');
        var integration = template.Properties(integrationId);

        Assert.Equal($"${{{HttpApi}}}", CloudFormationTemplate.Render(route["ApiId"]));
        Assert.Equal("AWS_IAM", (string?)route["AuthorizationType"]);
        Assert.Equal("2.0", (string?)integration["PayloadFormatVersion"]);
        Assert.Contains("${PublishLambdaFunction.Arn}", CloudFormationTemplate.Render(integration["IntegrationUri"]), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task HttpApi_HasOnlyThePublishRoutes()
    {
        var template = await GetAsync(build);

        var routes = template.OfType("AWS::ApiGatewayV2::Route")
            .Where(r => CloudFormationTemplate.Render(r.Properties["ApiId"]) == $"${{{HttpApi}}}")
            .Select(r => (string?)r.Properties["RouteKey"])
            .Order(StringComparer.Ordinal);

        Assert.Equal(["GET /notifications/{messageId}", "GET /topics/{topic+}", "GET /users/{userId}/messages", "GET /users/{userId}/presence", "POST /notifications"], routes);
    }

    [SkippableFact]
    public async Task PublishQueue_FeedsPublish_WithPartialBatchFailures_AndRedrivesToTheDeadLetterQueue()
    {
        var template = await GetAsync(build);

        var mapping = Assert.Single(template.OfType("AWS::Lambda::EventSourceMapping")).Properties;
        var queue = template.Properties("PublishQueue");
        var redrive = queue["RedrivePolicy"]!;
        var publishTimeout = (int)template.Properties("PublishLambdaFunction")["Timeout"]!;

        Assert.Equal("${PublishQueue.Arn}", CloudFormationTemplate.Render(mapping["EventSourceArn"]));
        Assert.Equal("${PublishLambdaFunction.Arn}", CloudFormationTemplate.Render(mapping["FunctionName"]));
        Assert.Equal(["ReportBatchItemFailures"], CloudFormationTemplate.RenderList(mapping["FunctionResponseTypes"]));
        // One shard per invocation: a record handed back at the deadline waits out the visibility timeout.
        Assert.Equal(1, (int)mapping["BatchSize"]!);
        Assert.Equal("${PublishDeadLetterQueue.Arn}", CloudFormationTemplate.Render(redrive["deadLetterTargetArn"]));
        Assert.InRange((int)redrive["maxReceiveCount"]!, 1, 10);
        Assert.Equal("AWS::SQS::Queue", (string?)template.Resources["PublishDeadLetterQueue"]!["Type"]);
        // AWS's advice for Lambda consumers: a visibility timeout of at least six times the function timeout.
        Assert.True((int)queue["VisibilityTimeout"]! >= 6 * publishTimeout, $"VisibilityTimeout {queue["VisibilityTimeout"]} < 6 x {publishTimeout} s");
    }

    [SkippableFact]
    public async Task Publish_SharesThePostBudgetAmongItsReservedInstances_AndTheQueueLeavesRoomForHttp()
    {
        var template = await GetAsync(build);

        var publish = template.Properties("PublishLambdaFunction");
        var variables = publish["Environment"]!["Variables"]!.AsObject();
        var mapping = Assert.Single(template.OfType("AWS::Lambda::EventSourceMapping")).Properties;
        var reserved = int.Parse(CloudFormationTemplate.Render(publish["ReservedConcurrentExecutions"]), CultureInfo.InvariantCulture);

        Assert.Equal("5000", CloudFormationTemplate.Render(variables["NOTIFIER_POSTS_PER_SECOND"]));
        Assert.Equal("10", CloudFormationTemplate.Render(variables["NOTIFIER_PUBLISH_CONCURRENCY"]));
        Assert.Equal("2000", CloudFormationTemplate.Render(variables["NOTIFIER_SHARD_SIZE"]));
        Assert.Equal(10, reserved);
        Assert.True(int.Parse(CloudFormationTemplate.Render(mapping["ScalingConfig"]?["MaximumConcurrency"]), CultureInfo.InvariantCulture) < reserved, "the queue may take every publish instance");
        Assert.All(
            template.OfType("AWS::Lambda::Function").Where(f => (string?)f.Properties["Handler"] != "publish"),
            f =>
            {
                Assert.False(f.Properties["Environment"]!["Variables"]!.AsObject().ContainsKey("NOTIFIER_POSTS_PER_SECOND"));
                Assert.Null(f.Properties["ReservedConcurrentExecutions"]);
            });
    }

    [SkippableTheory]
    [InlineData("WebSocketUrl", "wss://${WebsocketsApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/test")]
    [InlineData("ManagementEndpoint", "https://${WebsocketsApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/test")]
    [InlineData("PublishUrl", "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/notifications")]
    [InlineData("PublishQueueUrl", "${PublishQueue}")]
    [InlineData("SendsTableName", "${SendsTable}")]
    [InlineData("MessagesTableName", "${MessagesTable}")]
    public async Task Output_IsPresent(string name, string value)
    {
        var template = await GetAsync(build);

        Assert.Equal(value, CloudFormationTemplate.Render(template.Outputs[name]?["Value"]));
    }
}
