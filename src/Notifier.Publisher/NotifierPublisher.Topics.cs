using System.Text.Json;
using Notifier.Core.Delivery;
using Notifier.Core.Topics;

namespace Notifier.Publisher;

public sealed partial class NotifierPublisher
{
    /// <summary>Sends to every connection subscribed to a topic, optionally skipping one connection.</summary>
    /// <param name="topic">The topic, e.g. <c>orders/42</c>: 1 to 256 letters, digits and <c>-_.:/@</c>.</param>
    /// <param name="message">One JSON value, e.g. <c>{"type":"order.updated","id":42}</c>; sent compact.</param>
    /// <param name="excludeConnectionId">A connection not to send to, e.g. the one whose action caused the message; null for none.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB, or <paramref name="topic"/> is not a topic name.</exception>
    /// <exception cref="Core.Connections.ConnectionStoreException">No <see cref="NotifierPublisherOptions.TopicsTableName"/> was given, or the store failed.</exception>
    public Task<DeliveryReport> SendToTopicAsync(string topic, string message, string? excludeConnectionId = null, CancellationToken cancellationToken = default) =>
        SendToTopicAsync(topic, PublisherMessages.FromString(message, nameof(message)), excludeConnectionId, cancellationToken);

    /// <inheritdoc cref="SendToTopicAsync(string, string, string?, CancellationToken)"/>
    public Task<DeliveryReport> SendToTopicAsync(string topic, JsonElement message, string? excludeConnectionId = null, CancellationToken cancellationToken = default) =>
        SendToTopicAsync(topic, PublisherMessages.FromElement(message, nameof(message)), excludeConnectionId, cancellationToken);

    /// <inheritdoc cref="SendToTopicAsync(string, string, string?, CancellationToken)"/>
    public Task<DeliveryReport> SendToTopicAsync(string topic, NotificationMessage message, string? excludeConnectionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Sender.SendToTopicAsync(topic, message, excludeConnectionId, cancellationToken);
    }

    /// <summary>Whether a user is online and with how many connections (devices, tabs).</summary>
    /// <param name="userId">The user id, as the authorizer gave it (<c>principalId</c>).</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    public Task<Presence> GetPresenceAsync(string userId, CancellationToken cancellationToken = default) =>
        Sender.GetPresenceAsync(userId, cancellationToken);

    /// <summary>How many connections are subscribed to a topic.</summary>
    /// <param name="topic">The topic, e.g. <c>orders/42</c>.</param>
    /// <param name="cancellationToken">Stops the count.</param>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is not a topic name.</exception>
    public Task<TopicMembers> CountTopicMembersAsync(string topic, CancellationToken cancellationToken = default) =>
        Sender.CountTopicMembersAsync(topic, cancellationToken);
}
