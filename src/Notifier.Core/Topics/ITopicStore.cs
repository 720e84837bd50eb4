using Notifier.Core.Connections;

namespace Notifier.Core.Topics;

/// <summary>Which connections are subscribed to which topics.</summary>
/// <remarks>
/// Implemented by the connection stores themselves, so that a subscription lives beside its connection:
/// it carries the connection's record (a topic send needs no second read) and expiry, and removing a
/// connection from the store (<c>$disconnect</c>, a 410 prune) removes its subscriptions too. Expired
/// subscriptions are treated as absent. Names are checked by the caller (<see cref="TopicName"/>).
/// </remarks>
public interface ITopicStore
{
    /// <summary>Subscribes <paramref name="connection"/> to <paramref name="topic"/>; subscribing again changes nothing.</summary>
    Task SubscribeAsync(ConnectionRecord connection, string topic, CancellationToken cancellationToken = default);

    /// <summary>Ends a subscription; returns whether there was one.</summary>
    Task<bool> UnsubscribeAsync(string connectionId, string topic, CancellationToken cancellationToken = default);

    /// <summary>The topics a connection is subscribed to.</summary>
    Task<IReadOnlyList<string>> ListTopicsAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Streams the live connections subscribed to <paramref name="topic"/>, for a topic send.</summary>
    IAsyncEnumerable<ConnectionRecord> ListSubscribersAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>How many live connections are subscribed to <paramref name="topic"/>.</summary>
    Task<int> CountSubscribersAsync(string topic, CancellationToken cancellationToken = default);
}
