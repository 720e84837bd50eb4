using System.Text.Json;
using Notifier.Core.Delivery;

namespace Notifier.Publisher;

public sealed partial class NotifierPublisher
{
    /// <summary>Sends to one connection; an unknown connection is reported as gone.</summary>
    /// <param name="connectionId">The connection id, as API Gateway gave it.</param>
    /// <param name="message">One JSON value, e.g. <c>{"type":"order.shipped","id":42}</c>; sent compact.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB.</exception>
    public Task<DeliveryReport> SendToConnectionAsync(string connectionId, string message, CancellationToken cancellationToken = default) =>
        SendToConnectionAsync(connectionId, PublisherMessages.FromString(message, nameof(message)), cancellationToken);

    /// <inheritdoc cref="SendToConnectionAsync(string, string, CancellationToken)"/>
    public Task<DeliveryReport> SendToConnectionAsync(string connectionId, JsonElement message, CancellationToken cancellationToken = default) =>
        SendToConnectionAsync(connectionId, PublisherMessages.FromElement(message, nameof(message)), cancellationToken);

    /// <inheritdoc cref="SendToConnectionAsync(string, string, CancellationToken)"/>
    public Task<DeliveryReport> SendToConnectionAsync(string connectionId, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(message);
        return Sender.SendToConnectionAsync(connectionId, message, cancellationToken);
    }

    /// <summary>Sends to every connection of a user (all their devices); an unknown user gives an empty report.</summary>
    /// <param name="userId">The user id, as the authorizer gave it (<c>principalId</c>).</param>
    /// <param name="message">One JSON value, e.g. <c>{"type":"order.shipped","id":42}</c>; sent compact.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB.</exception>
    public Task<DeliveryReport> SendToUserAsync(string userId, string message, CancellationToken cancellationToken = default) =>
        SendToUserAsync(userId, PublisherMessages.FromString(message, nameof(message)), cancellationToken);

    /// <inheritdoc cref="SendToUserAsync(string, string, CancellationToken)"/>
    public Task<DeliveryReport> SendToUserAsync(string userId, JsonElement message, CancellationToken cancellationToken = default) =>
        SendToUserAsync(userId, PublisherMessages.FromElement(message, nameof(message)), cancellationToken);

    /// <inheritdoc cref="SendToUserAsync(string, string, CancellationToken)"/>
    public Task<DeliveryReport> SendToUserAsync(string userId, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(message);
        return Sender.SendToUserAsync(userId, message, cancellationToken);
    }

    /// <summary>Sends to every connection of each user, in one fan-out; repeated and empty user ids are ignored.</summary>
    /// <param name="userIds">The users, as the authorizer gave them (<c>principalId</c>).</param>
    /// <param name="message">One JSON value, e.g. <c>{"type":"order.shipped","id":42}</c>; sent compact.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB.</exception>
    public Task<DeliveryReport> SendToUsersAsync(IEnumerable<string> userIds, string message, CancellationToken cancellationToken = default) =>
        SendToUsersAsync(userIds, PublisherMessages.FromString(message, nameof(message)), cancellationToken);

    /// <inheritdoc cref="SendToUsersAsync(IEnumerable{string}, string, CancellationToken)"/>
    public Task<DeliveryReport> SendToUsersAsync(IEnumerable<string> userIds, JsonElement message, CancellationToken cancellationToken = default) =>
        SendToUsersAsync(userIds, PublisherMessages.FromElement(message, nameof(message)), cancellationToken);

    /// <inheritdoc cref="SendToUsersAsync(IEnumerable{string}, string, CancellationToken)"/>
    public Task<DeliveryReport> SendToUsersAsync(IEnumerable<string> userIds, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(message);
        return Sender.SendToUsersAsync(userIds, message, cancellationToken);
    }

    /// <summary>Sends to every recorded connection.</summary>
    /// <param name="message">One JSON value, e.g. <c>{"type":"maintenance","at":"22:00"}</c>; sent compact.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB.</exception>
    public Task<DeliveryReport> BroadcastAsync(string message, CancellationToken cancellationToken = default) =>
        BroadcastAsync(PublisherMessages.FromString(message, nameof(message)), cancellationToken);

    /// <inheritdoc cref="BroadcastAsync(string, CancellationToken)"/>
    public Task<DeliveryReport> BroadcastAsync(JsonElement message, CancellationToken cancellationToken = default) =>
        BroadcastAsync(PublisherMessages.FromElement(message, nameof(message)), cancellationToken);

    /// <inheritdoc cref="BroadcastAsync(string, CancellationToken)"/>
    public Task<DeliveryReport> BroadcastAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Sender.BroadcastAsync(message, cancellationToken);
    }
}
