using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Connections;
using Notifier.Core.Topics;

namespace Notifier.Core.Delivery;

/// <summary>Pushes a notification to a connection, a user's devices, many users, a topic or everyone, and reports what happened.</summary>
/// <remarks>
/// Posts run concurrently under <see cref="DeliveryOptions.MaxConcurrency"/>; throttling (429) and
/// transient failures are retried within bounds; connections that answer 410 Gone are removed from
/// the store in one batch after the send, except those younger than <see cref="DeliveryOptions.ConnectGrace"/>:
/// their socket may still be opening, so the post is retried a few times and the record kept. Each connection is posted to once per send unless a retry
/// is needed, and never again once it has the message or may have it (an unconfirmed post). A lookup that
/// fails before any post throws and sends nothing, so the whole send can be repeated safely. Topic sends
/// and topic member counts read the <see cref="ITopicStore"/> given, or the connection store itself when it
/// keeps topics (both stores do).
/// </remarks>
public sealed partial class NotificationSender
{
    private readonly IConnectionStore _store;
    private readonly ITopicStore? _topics;
    private readonly IConnectionChannel _channel;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public NotificationSender(
        IConnectionStore store,
        IConnectionChannel channel,
        DeliveryOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<NotificationSender>? logger = null,
        ITopicStore? topics = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _topics = topics ?? store as ITopicStore;
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _options = options ?? new DeliveryOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<NotificationSender>.Instance;
    }

    /// <summary>Sends to one connection; an unknown connection is reported as gone.</summary>
    public async Task<DeliveryReport> SendToConnectionAsync(string connectionId, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var connection = await _store.GetAsync(connectionId, cancellationToken).ConfigureAwait(false);
        return connection is null
            ? new DeliveryReport([], [], [connectionId], [], pruneFailed: false)
            : await DeliverAsync(new[] { connection }.ToAsyncEnumerable(), message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends to every connection of a user (all their devices); an unknown user gives an empty report.</summary>
    public async Task<DeliveryReport> SendToUserAsync(string userId, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var connections = await _store.ListByUserAsync(userId, cancellationToken).ConfigureAwait(false);
        return await DeliverAsync(connections.ToAsyncEnumerable(), message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends to every connection of each user, in one fan-out.</summary>
    public async Task<DeliveryReport> SendToUsersAsync(IEnumerable<string> userIds, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var distinctUsers = userIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
        var connections = new List<ConnectionRecord>();
        await Parallel.ForEachAsync(
            distinctUsers,
            new ParallelOptions { MaxDegreeOfParallelism = _options.LookupConcurrency, CancellationToken = cancellationToken },
            async (userId, token) =>
            {
                var found = await _store.ListByUserAsync(userId, token).ConfigureAwait(false);
                lock (connections)
                {
                    connections.AddRange(found);
                }
            }).ConfigureAwait(false);
        return await DeliverAsync(connections.ToAsyncEnumerable(), message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a publish request: to its topic, its connection, or every connection of its users.</summary>
    public Task<DeliveryReport> SendAsync(PublishRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Topic is { } topic)
        {
            return SendToTopicAsync(topic, request.Message, request.ExcludeConnectionId, cancellationToken);
        }

        return request.ConnectionId is { } connectionId && request.UserIds.Count == 0
            ? SendToConnectionAsync(connectionId, request.Message, cancellationToken)
            : SendToUsersAsync(request.UserIds, request.Message, cancellationToken);
    }

    /// <summary>Sends to every recorded connection.</summary>
    public Task<DeliveryReport> BroadcastAsync(NotificationMessage message, CancellationToken cancellationToken = default) =>
        DeliverAsync(_store.ListAllAsync(cancellationToken), message, cancellationToken);
}
