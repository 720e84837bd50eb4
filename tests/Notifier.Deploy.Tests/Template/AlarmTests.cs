using System.Globalization;
using System.Text.Json.Nodes;
using Notifier.Deploy.Tests.Packaging;
using static Notifier.Deploy.Tests.Template.GeneratedTemplate;

namespace Notifier.Deploy.Tests.Template;

/// <summary>The alarms an operator acts on: what each watches, over what, from when, and whom it tells.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class AlarmTests(DeploymentBuild build)
{
    public static TheoryData<string, string, string, string, string, string, double> Alarms => new()
    {
        // alarm, namespace, metric, dimension, dimension value, statistic, threshold
        { "PublishDeadLetterQueueAlarm", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "${PublishDeadLetterQueue.QueueName}", "Maximum", 0 },
        { "PublishErrorsAlarm", "AWS/Lambda", "Errors", "FunctionName", "${PublishLambdaFunction}", "Sum", 0 },
        // The publish function's EMF lines: namespace Notifier, Service = the function's name (EmbeddedMetricsWriter).
        { "ManagementApiThrottledAlarm", "Notifier", "Throttled", "Service", "${PublishLambdaFunction}", "Sum", 100 },
        { "FailedDeliveriesAlarm", "Notifier", "Failed", "Service", "${PublishLambdaFunction}", "Sum", 100 },
    };

    [SkippableTheory]
    [MemberData(nameof(Alarms))]
    public async Task Alarm_WatchesItsMetric_AboveItsThreshold(
        string alarm, string metricNamespace, string metric, string dimension, string dimensionValue, string statistic, double threshold)
    {
        var template = await GetAsync(build);

        var properties = template.Properties(alarm);
        var onlyDimension = Assert.Single(properties["Dimensions"]!.AsArray())!;

        Assert.Equal("AWS::CloudWatch::Alarm", (string?)template.Resources[alarm]!["Type"]);
        Assert.Equal(metricNamespace, (string?)properties["Namespace"]);
        Assert.Equal(metric, (string?)properties["MetricName"]);
        Assert.Equal(dimension, (string?)onlyDimension["Name"]);
        Assert.Equal(dimensionValue, CloudFormationTemplate.Render(onlyDimension["Value"]));
        Assert.Equal(statistic, (string?)properties["Statistic"]);
        Assert.Equal(threshold, double.Parse(CloudFormationTemplate.Render(properties["Threshold"]), CultureInfo.InvariantCulture));
        Assert.Equal("GreaterThanThreshold", (string?)properties["ComparisonOperator"]);
        Assert.Equal(300, (int)properties["Period"]! * (int)properties["EvaluationPeriods"]!);
        // The publish function writes its metrics only when it has work: no data is no trouble.
        Assert.Equal("notBreaching", (string?)properties["TreatMissingData"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Alarms))]
    public async Task Alarm_NotifiesTheTopic_OnlyWhenOneIsSet(
        string alarm, string metricNamespace, string metric, string dimension, string dimensionValue, string statistic, double threshold)
    {
        _ = (metricNamespace, metric, dimension, dimensionValue, statistic, threshold);
        var template = await GetAsync(build);

        var properties = template.Properties(alarm);

        foreach (var actions in new[] { "AlarmActions", "OKActions" })
        {
            var choice = Assert.IsType<JsonArray>(properties[actions]?["Fn::If"]);
            Assert.Equal("HasAlarmTopic", (string?)choice[0]);
            Assert.Equal([string.Empty], CloudFormationTemplate.RenderList(choice[1]));
            Assert.Equal("${AWS::NoValue}", CloudFormationTemplate.Render(choice[2]));
        }
    }

    [SkippableFact]
    public async Task HasAlarmTopic_IsFalse_WhileTheTopicParameterIsEmpty()
    {
        var template = await GetAsync(build);

        var condition = template.Root["Conditions"]?["HasAlarmTopic"]?["Fn::Not"]?[0]?["Fn::Equals"];

        Assert.NotNull(condition);
        Assert.Equal([string.Empty, string.Empty], CloudFormationTemplate.RenderList(condition));
    }
}
