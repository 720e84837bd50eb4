using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Connections;
using Notifier.Core.Messages;

namespace Notifier.Core.Topics;

/// <summary>Subscribes and unsubscribes a client's connection, answering with the frame the client gets.</summary>
/// <remarks>
/// A subscribe is allowed by the caller's <see cref="TopicGrants"/>; a denied one, a bad name, or a
/// connection already at <see cref="MaxTopicsPerConnection"/> changes nothing and says why. A connection's messages
/// run concurrently (API Gateway does not wait for one before invoking the next), so the limit is checked before the
/// write and counted again after it: a new topic that finds the limit crossed is removed again and refused. The recount
/// is as fresh as the store's listing: exact in memory; on DynamoDB it reads the by-connection index, which is eventually
/// consistent, so subscribes racing within the index's lag can still pass the limit by their number.
/// Unsubscribing is idempotent. A failing store is an error frame too (and a log line), never an exception.
/// </remarks>
public sealed class TopicSubscriptions
{
    public const string SubscribeAction = "subscribe";
    public const string UnsubscribeAction = "unsubscribe";

    /// <summary>The default limit on one connection's subscriptions.</summary>
    public const int DefaultMaxTopicsPerConnection = 100;

    private readonly IConnectionStore _connections;
    private readonly ITopicStore _topics;
    private readonly ILogger _logger;

    public TopicSubscriptions(
        IConnectionStore connections,
        ITopicStore topics,
        int maxTopicsPerConnection = DefaultMaxTopicsPerConnection,
        ILogger<TopicSubscriptions>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTopicsPerConnection, 1);
        _connections = connections ?? throw new ArgumentNullException(nameof(connections));
        _topics = topics ?? throw new ArgumentNullException(nameof(topics));
        MaxTopicsPerConnection = maxTopicsPerConnection;
        _logger = logger ?? NullLogger<TopicSubscriptions>.Instance;
    }

    public int MaxTopicsPerConnection { get; }

    /// <summary>Subscribes the caller's connection to <paramref name="topic"/> when its token allows it.</summary>
    public async Task<string> SubscribeAsync(ClientCaller caller, string topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (TopicName.Problem(topic) is { } problem)
        {
            return ClientFrames.Error(SubscribeAction, topic, problem);
        }

        if (!caller.Grants.Allows(topic, caller.UserId))
        {
            return ClientFrames.Error(SubscribeAction, topic, $"topic \"{topic}\" is not allowed by the token's topics claim");
        }

        try
        {
            // Two independent reads: one round trip's wait instead of two.
            var connectionRead = _connections.GetAsync(caller.ConnectionId, cancellationToken);
            var topicsRead = _topics.ListTopicsAsync(caller.ConnectionId, cancellationToken);
            await Task.WhenAll(connectionRead, topicsRead).ConfigureAwait(false);
            var connection = await connectionRead.ConfigureAwait(false);
            if (connection is null)
            {
                return ClientFrames.Error(SubscribeAction, topic, "this connection is not recorded (it has expired or was removed); reconnect");
            }

            var current = await topicsRead.ConfigureAwait(false);
            var isNew = !current.Contains(topic, StringComparer.Ordinal);
            if (isNew && current.Count >= MaxTopicsPerConnection)
            {
                return TooMany(topic, current.Count);
            }

            // Written even when already listed: an unsubscribe of the same topic may be running concurrently, and the
            // reply must follow this write, not a read taken before that unsubscribe.
            await _topics.SubscribeAsync(connection, topic, cancellationToken).ConfigureAwait(false);
            if (isNew && await _topics.ListTopicsAsync(caller.ConnectionId, cancellationToken).ConfigureAwait(false) is { } after
                && after.Count > MaxTopicsPerConnection)
            {
                // Concurrent subscribes all passed the check above; each that finds the limit crossed after its write takes
                // its own back, so the limit holds (more may be refused than strictly needed, never more stored).
                await _topics.UnsubscribeAsync(caller.ConnectionId, topic, cancellationToken).ConfigureAwait(false);
                return TooMany(topic, after.Count - 1);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            TopicLog.StoreFailed(_logger, exception, SubscribeAction, caller.ConnectionId);
            return ClientFrames.Error(SubscribeAction, topic, "subscriptions are unavailable right now; try again");
        }

        TopicLog.Subscribed(_logger, caller.ConnectionId, topic);
        return ClientFrames.Confirmed("subscribed", topic);
    }

    private string TooMany(string topic, int count) => ClientFrames.Error(
        SubscribeAction,
        topic,
        $"this connection has {count} subscriptions, the most allowed is {MaxTopicsPerConnection}; unsubscribe from one first");

    /// <summary>Ends the caller's subscription to <paramref name="topic"/>; confirmed also when there was none.</summary>
    public async Task<string> UnsubscribeAsync(ClientCaller caller, string topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (TopicName.Problem(topic) is { } problem)
        {
            return ClientFrames.Error(UnsubscribeAction, topic, problem);
        }

        try
        {
            await _topics.UnsubscribeAsync(caller.ConnectionId, topic, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            TopicLog.StoreFailed(_logger, exception, UnsubscribeAction, caller.ConnectionId);
            return ClientFrames.Error(UnsubscribeAction, topic, "subscriptions are unavailable right now; try again");
        }

        return ClientFrames.Confirmed("unsubscribed", topic);
    }
}
