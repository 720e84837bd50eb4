using Notifier.Core.Topics;

namespace Notifier.Core.Delivery;

public sealed partial class NotificationSender
{
    /// <summary>Sends to every connection subscribed to <paramref name="topic"/>, except <paramref name="excludeConnectionId"/>.</summary>
    /// <remarks>
    /// Subscribers are streamed from the store as the fan-out runs. A subscriber that answers 410 is pruned
    /// with its subscriptions, as in every send. <paramref name="excludeConnectionId"/> lets a sender skip its own socket.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is not a topic name.</exception>
    /// <exception cref="InvalidOperationException">The sender was built without a topic store.</exception>
    public Task<DeliveryReport> SendToTopicAsync(
        string topic,
        NotificationMessage message,
        string? excludeConnectionId = null,
        CancellationToken cancellationToken = default)
    {
        ThrowIfNotATopic(topic);
        var subscribers = Topics.ListSubscribersAsync(topic, cancellationToken);
        if (!string.IsNullOrEmpty(excludeConnectionId))
        {
            subscribers = subscribers.Where(connection => !string.Equals(connection.ConnectionId, excludeConnectionId, StringComparison.Ordinal));
        }

        return DeliverAsync(subscribers, message, cancellationToken);
    }

    /// <summary>Whether a user is online, and with how many connections (devices, tabs).</summary>
    public async Task<Presence> GetPresenceAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var connections = await _store.ListByUserAsync(userId, cancellationToken).ConfigureAwait(false);
        return new Presence(userId, connections.Count > 0, connections.Count);
    }

    /// <summary>How many connections are subscribed to <paramref name="topic"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is not a topic name.</exception>
    public async Task<TopicMembers> CountTopicMembersAsync(string topic, CancellationToken cancellationToken = default)
    {
        ThrowIfNotATopic(topic);
        var count = await Topics.CountSubscribersAsync(topic, cancellationToken).ConfigureAwait(false);
        return new TopicMembers(topic, count);
    }

    private ITopicStore Topics => _topics ?? throw new InvalidOperationException("This sender's store keeps no topics; give the sender an ITopicStore.");

    private static void ThrowIfNotATopic(string topic)
    {
        if (TopicName.Problem(topic) is { } problem)
        {
            throw new ArgumentException(problem, nameof(topic));
        }
    }
}
