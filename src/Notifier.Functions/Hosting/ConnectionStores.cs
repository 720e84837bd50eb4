using Microsoft.Extensions.Logging;
using Notifier.Aws.Connections;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Sharding;

namespace Notifier.Functions.Hosting;

/// <summary>Chooses the connection store from settings: DynamoDB when a table is named, else the in-memory store.</summary>
/// <remarks>
/// In Lambda (<c>AWS_LAMBDA_FUNCTION_NAME</c> is set) the table is required: an in-memory store there
/// would silently lose every connection between instances. The topics table is required too by the
/// functions that read or remove subscriptions (<c>needsTopics</c>): without it, subscribing
/// would fail at the first message and disconnects would leave subscriptions behind.
/// <c>NOTIFIER_TOPIC_PARTITIONS</c> must be the same for every function of a stack: it decides where subscriptions are written.
/// </remarks>
internal static class ConnectionStores
{
    public const string TableNameVariable = "NOTIFIER_TABLE_NAME";
    public const string DynamoDbUrlVariable = "NOTIFIER_DYNAMODB_URL";
    public const string TopicsTableNameVariable = "NOTIFIER_TOPICS_TABLE_NAME";
    public const string TopicPartitionsVariable = "NOTIFIER_TOPIC_PARTITIONS";

    /// <summary>Bounds one DynamoDB attempt well inside API Gateway's 29-second integration timeout.</summary>
    private static readonly TimeSpan DynamoDbTimeout = TimeSpan.FromSeconds(5);

    public static IConnectionStore FromSettings(SettingsReader settings, TimeProvider timeProvider, ILoggerFactory loggerFactory, bool needsTopics = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var inLambda = settings.Optional("AWS_LAMBDA_FUNCTION_NAME") is not null;
        var tableName = settings.Optional(TableNameVariable);
        if (tableName is null)
        {
            if (inLambda)
            {
                throw new NotifierConfigurationException(TableNameVariable, "is required in Lambda: name the DynamoDB connections table");
            }

            return new InMemoryConnectionStore(timeProvider);
        }

        var topicsTableName = settings.Optional(TopicsTableNameVariable);
        if (topicsTableName is null && inLambda && needsTopics)
        {
            throw new NotifierConfigurationException(TopicsTableNameVariable, "is required in Lambda by this function: name the DynamoDB topics table");
        }

        var endpoint = settings.AbsoluteUri(DynamoDbUrlVariable);
        var client = DynamoDbClientFactory.CreateClient(endpoint?.AbsoluteUri, settings.Optional("AWS_REGION"), timeout: DynamoDbTimeout);
        var topicPartitions = settings.Integer(
            TopicPartitionsVariable, ShardingOptions.DefaultTopicPartitions, 1, DynamoDbConnectionStoreOptions.MaxTopicPartitions);
        var options = new DynamoDbConnectionStoreOptions { TopicsTableName = topicsTableName, TopicPartitions = topicPartitions };
        return new DynamoDbConnectionStore(client, tableName, timeProvider, loggerFactory.CreateLogger<DynamoDbConnectionStore>(), options);
    }
}
