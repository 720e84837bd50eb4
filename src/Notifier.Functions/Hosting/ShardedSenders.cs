using Microsoft.Extensions.Logging;
using Notifier.Aws.Connections;
using Notifier.Aws.Queue;
using Notifier.Aws.Sends;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.Sharding;

namespace Notifier.Functions.Hosting;

/// <summary>Builds the publish function's sharded sender from settings: the publish queue its shards travel on, and the sends table that sums their reports.</summary>
/// <remarks>
/// In Lambda both are required: without them a send to 100,000 connections would have to fit one invocation. Outside
/// Lambda (the <c>invoke</c> command, tests) sharding is off unless they are set.
/// </remarks>
internal static class ShardedSenders
{
    public const string QueueUrlVariable = "NOTIFIER_PUBLISH_QUEUE_URL";
    public const string SendsTableVariable = "NOTIFIER_SENDS_TABLE_NAME";

    /// <summary>An SQS endpoint to use instead of AWS's, for local and test runs.</summary>
    public const string SqsUrlVariable = "NOTIFIER_SQS_URL";

    /// <summary>Bounds one SQS or DynamoDB attempt, as the connection store's calls are bounded.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The sharded sender over <paramref name="sender"/> and <paramref name="store"/>, or null when sharding is off.</summary>
    public static ShardedSender? FromSettings(
        SettingsReader settings,
        NotificationSender sender,
        IConnectionStore store,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        var queueUrl = settings.Optional(QueueUrlVariable);
        var sendsTable = settings.Optional(SendsTableVariable);
        if (queueUrl is null && sendsTable is null && settings.Optional("AWS_LAMBDA_FUNCTION_NAME") is null)
        {
            return null;
        }

        if (queueUrl is null)
        {
            throw new NotifierConfigurationException(QueueUrlVariable, "is required: name the publish queue, where large sends are split into shards");
        }

        if (sendsTable is null)
        {
            throw new NotifierConfigurationException(SendsTableVariable, "is required: name the DynamoDB sends table, where the shards of large sends are counted");
        }

        if (store is not IRecipientPages pages)
        {
            throw new NotifierConfigurationException(ConnectionStores.TableNameVariable, "names no store that reads recipients in pages, which sharding needs");
        }

        var region = settings.Optional("AWS_REGION");
        var sqs = SqsClientFactory.CreateClient(settings.AbsoluteUri(SqsUrlVariable)?.AbsoluteUri, region, timeout: CallTimeout);
        var dynamoDb = DynamoDbClientFactory.CreateClient(settings.AbsoluteUri(ConnectionStores.DynamoDbUrlVariable)?.AbsoluteUri, region, timeout: CallTimeout);
        return new ShardedSender(
            sender,
            pages,
            new DynamoDbSendLedger(dynamoDb, sendsTable, timeProvider, loggerFactory.CreateLogger<DynamoDbSendLedger>()),
            new SqsShardQueue(sqs, queueUrl, timeProvider, loggerFactory.CreateLogger<SqsShardQueue>()),
            ShardingOptions.FromSettings(settings),
            loggerFactory.CreateLogger<ShardedSender>());
    }
}
