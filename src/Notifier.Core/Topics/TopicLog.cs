using Microsoft.Extensions.Logging;

namespace Notifier.Core.Topics;

/// <summary>Log lines of topic subscriptions: connection ids and topic names, never tokens or claims.</summary>
internal static partial class TopicLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Connection {ConnectionId} subscribed to {Topic}")]
    public static partial void Subscribed(ILogger logger, string connectionId, string topic);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "The store failed during {Action} for connection {ConnectionId}")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string action, string connectionId);
}
