using Microsoft.Extensions.Logging;
using Notifier.Aws.Connections;
using Notifier.Aws.History;
using Notifier.Core.Configuration;
using Notifier.Core.History;

namespace Notifier.Functions.Hosting;

/// <summary>Chooses the message history from settings: DynamoDB when a messages table is named, else the in-memory history.</summary>
/// <remarks>
/// In Lambda (<c>AWS_LAMBDA_FUNCTION_NAME</c> is set) the table is required: an in-memory history there would number
/// each instance's messages on its own and lose them between instances. The retention is
/// <see cref="HistoryOptions.RetentionVariable"/>, the same for every function of a stack.
/// </remarks>
internal static class MessageHistories
{
    public const string TableNameVariable = "NOTIFIER_MESSAGES_TABLE_NAME";

    /// <summary>Bounds one DynamoDB attempt, as the connection store's calls are bounded.</summary>
    private static readonly TimeSpan DynamoDbTimeout = TimeSpan.FromSeconds(5);

    public static IMessageHistory FromSettings(SettingsReader settings, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var options = HistoryOptions.FromSettings(settings);
        var tableName = settings.Optional(TableNameVariable);
        if (tableName is null)
        {
            if (settings.Optional("AWS_LAMBDA_FUNCTION_NAME") is not null)
            {
                throw new NotifierConfigurationException(TableNameVariable, "is required in Lambda by this function: name the DynamoDB messages table");
            }

            return new InMemoryMessageHistory(options, timeProvider);
        }

        var endpoint = settings.AbsoluteUri(ConnectionStores.DynamoDbUrlVariable);
        var client = DynamoDbClientFactory.CreateClient(endpoint?.AbsoluteUri, settings.Optional("AWS_REGION"), timeout: DynamoDbTimeout);
        return new DynamoDbMessageHistory(client, tableName, options, timeProvider, loggerFactory.CreateLogger<DynamoDbMessageHistory>());
    }
}
