using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Aws.Connections;
using Notifier.Aws.Management;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Core.Topics;

namespace Notifier.Publisher;

/// <summary>Sends notifications to Notifier's WebSocket clients from a backend service: one connection, a user's devices, many users, a topic or everyone; and tells who is online.</summary>
/// <remarks>
/// Reads connections from the same DynamoDB table the WebSocket functions write, posts through API Gateway's
/// management API (SigV4-signed), retries throttling within bounds, and removes connections that answer 410
/// Gone. Messages are JSON values, sent compact; a message that is not JSON or is over 128 KB is refused with an
/// <see cref="ArgumentException"/> before anything is looked up. Create one instance per process and share it:
/// it keeps pooled HTTP connections. Safe for concurrent use.
/// </remarks>
public sealed class NotifierPublisher : IDisposable, IAsyncDisposable
{
    private readonly NotificationSender _sender;
    private readonly ManagementApiClient _management;
    private readonly AmazonDynamoDBClient? _dynamoDb;
    private readonly IMessageHistory? _history;
    private int _disposed;

    /// <summary>Creates a publisher over the DynamoDB table named in <paramref name="options"/>.</summary>
    /// <exception cref="NotifierConfigurationException">A setting is missing or invalid; the message names it.</exception>
    public NotifierPublisher(NotifierPublisherOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, null, loggerFactory, storeGiven: false)
    {
    }

    /// <summary>Creates a publisher over <paramref name="store"/> (which the caller owns); <see cref="NotifierPublisherOptions.TableName"/> is not needed.</summary>
    /// <exception cref="NotifierConfigurationException">A setting is missing or invalid; the message names it.</exception>
    public NotifierPublisher(NotifierPublisherOptions options, IConnectionStore store, ILoggerFactory? loggerFactory = null)
        : this(options, store ?? throw new ArgumentNullException(nameof(store)), loggerFactory, storeGiven: true)
    {
    }

    private NotifierPublisher(NotifierPublisherOptions options, IConnectionStore? store, ILoggerFactory? loggerFactory, bool storeGiven)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(storeGiven);
        loggerFactory ??= NullLoggerFactory.Instance;
        _history = options.History;

        _management = new ManagementApiClient(
            new ManagementApiOptions
            {
                Signing = options.Signing,
                Credentials = options.Credentials,
                Region = options.Region,
                Timeout = options.ManagementTimeout,
            },
            loggerFactory.CreateLogger<ManagementApiClient>());
        try
        {
            if (store is null)
            {
                _dynamoDb = CreateDynamoDbClient(options);
                store = new DynamoDbConnectionStore(
                    _dynamoDb,
                    options.TableName!,
                    logger: loggerFactory.CreateLogger<DynamoDbConnectionStore>(),
                    options: new DynamoDbConnectionStoreOptions { TopicsTableName = options.TopicsTableName, TopicPartitions = options.TopicPartitions });
            }

            IConnectionChannel channel = options.ManagementEndpointOverride is { } endpoint
                ? new EndpointOverrideChannel(_management, endpoint)
                : _management;
            _sender = new NotificationSender(store, channel, options.Delivery, logger: loggerFactory.CreateLogger<NotificationSender>());
        }
        catch
        {
            _dynamoDb?.Dispose();
            _management.Dispose();
            throw;
        }
    }

    /// <summary>Sends to one connection; an unknown connection is reported as gone.</summary>
    /// <param name="connectionId">The connection id, as API Gateway gave it.</param>
    /// <param name="message">One JSON value, e.g. <c>{"type":"order.shipped","id":42}</c>; sent compact.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB.</exception>
    public Task<DeliveryReport> SendToConnectionAsync(string connectionId, string message, CancellationToken cancellationToken = default)
    {
        var notification = Parse(message);
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return Sender.SendToConnectionAsync(connectionId, notification, cancellationToken);
    }

    /// <summary>Sends to every connection of a user (all their devices); an unknown user gives an empty report.</summary>
    /// <param name="userId">The user id, as the authorizer gave it (<c>principalId</c>).</param>
    /// <param name="message">One JSON value, e.g. <c>{"type":"order.shipped","id":42}</c>; sent compact.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB.</exception>
    public Task<DeliveryReport> SendToUserAsync(string userId, string message, CancellationToken cancellationToken = default)
    {
        var notification = Parse(message);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return Sender.SendToUserAsync(userId, notification, cancellationToken);
    }

    /// <summary>Sends to every connection of each user, in one fan-out; repeated and empty user ids are ignored.</summary>
    /// <param name="userIds">The users, as the authorizer gave them (<c>principalId</c>).</param>
    /// <param name="message">One JSON value, e.g. <c>{"type":"order.shipped","id":42}</c>; sent compact.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB.</exception>
    public Task<DeliveryReport> SendToUsersAsync(IEnumerable<string> userIds, string message, CancellationToken cancellationToken = default)
    {
        var notification = Parse(message);
        ArgumentNullException.ThrowIfNull(userIds);
        return Sender.SendToUsersAsync(userIds, notification, cancellationToken);
    }

    /// <summary>Sends to every recorded connection.</summary>
    /// <param name="message">One JSON value, e.g. <c>{"type":"maintenance","at":"22:00"}</c>; sent compact.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB.</exception>
    public Task<DeliveryReport> BroadcastAsync(string message, CancellationToken cancellationToken = default) =>
        Sender.BroadcastAsync(Parse(message), cancellationToken);

    /// <summary>Sends to every connection subscribed to a topic, optionally skipping one connection.</summary>
    /// <param name="topic">The topic, e.g. <c>orders/42</c>: 1 to 256 letters, digits and <c>-_.:/@</c>.</param>
    /// <param name="message">One JSON value, e.g. <c>{"type":"order.updated","id":42}</c>; sent compact.</param>
    /// <param name="excludeConnectionId">A connection not to send to, e.g. the one whose action caused the message; null for none.</param>
    /// <param name="cancellationToken">Stops the send; what was already posted is still reported.</param>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not JSON or is over 128 KB, or <paramref name="topic"/> is not a topic name.</exception>
    /// <exception cref="ConnectionStoreException">No <see cref="NotifierPublisherOptions.TopicsTableName"/> was given, or the store failed.</exception>
    public Task<DeliveryReport> SendToTopicAsync(string topic, string message, string? excludeConnectionId = null, CancellationToken cancellationToken = default) =>
        Sender.SendToTopicAsync(topic, Parse(message), excludeConnectionId, cancellationToken);

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

    /// <summary>The messages sent to a user that are still stored (their stream <c>user:{userId}</c>), numbered above <paramref name="after"/>, oldest first.</summary>
    /// <param name="userId">The user id, as the authorizer gave it (<c>principalId</c>).</param>
    /// <param name="after">The last number already seen; 0 for the oldest stored.</param>
    /// <param name="limit">At most this many messages, 1 to 1000.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The messages, the stream's last number, and whether none after <paramref name="after"/> has expired (see <see cref="IMessageHistory.ReadAsync"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="userId"/> is empty, or <paramref name="after"/> or <paramref name="limit"/> is out of range.</exception>
    /// <exception cref="NotifierConfigurationException">No <see cref="NotifierPublisherOptions.History"/> was given.</exception>
    public Task<HistoryPage> GetUserMessagesAsync(string userId, long after = 0, int limit = HistoryLimits.DefaultLimit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return ReadHistoryAsync(StreamName.ForUser(userId), after, limit, cancellationToken);
    }

    /// <summary>The messages sent to a topic that are still stored (its stream), numbered above <paramref name="after"/>, oldest first.</summary>
    /// <param name="topic">The topic, e.g. <c>orders/42</c>.</param>
    /// <param name="after">The last number already seen; 0 for the oldest stored.</param>
    /// <param name="limit">At most this many messages, 1 to 1000.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The messages, the stream's last number, and whether none after <paramref name="after"/> has expired (see <see cref="IMessageHistory.ReadAsync"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is not a topic name, or <paramref name="after"/> or <paramref name="limit"/> is out of range.</exception>
    /// <exception cref="NotifierConfigurationException">No <see cref="NotifierPublisherOptions.History"/> was given.</exception>
    public Task<HistoryPage> GetTopicMessagesAsync(string topic, long after = 0, int limit = HistoryLimits.DefaultLimit, CancellationToken cancellationToken = default)
    {
        if (TopicName.Problem(topic) is { } problem)
        {
            throw new ArgumentException(problem, nameof(topic));
        }

        return ReadHistoryAsync(StreamName.ForTopic(topic), after, limit, cancellationToken);
    }

    /// <summary>Closes the pooled HTTP connections (and the DynamoDB client the publisher created).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _management.Dispose();
            _dynamoDb?.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static AmazonDynamoDBClient CreateDynamoDbClient(NotifierPublisherOptions options)
    {
        try
        {
            return DynamoDbClientFactory.CreateClient(options.DynamoDbServiceUrl?.AbsoluteUri, options.Region, options.Credentials);
        }
        catch (AmazonClientException e)
        {
            throw new NotifierConfigurationException(
                $"{nameof(NotifierPublisherOptions.Region)}: the DynamoDB client could not be created ({e.Message}); set Region or AWS_REGION, or DynamoDbServiceUrl.",
                e);
        }
    }

    /// <summary>The message as sent, or an <see cref="ArgumentException"/> for the <c>message</c> parameter with the reason.</summary>
    private static NotificationMessage Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return NotificationMessage.TryParse(message, out var notification, out var error)
            ? notification!
            : throw new ArgumentException(error, nameof(message));
    }

    private Task<HistoryPage> ReadHistoryAsync(string stream, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, HistoryLimits.MaxLimit);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var history = _history ?? throw new NotifierConfigurationException(
            nameof(NotifierPublisherOptions.History), "is not set: give the publisher the stack's message history to read streams.");
        return history.ReadAsync(stream, after, limit, cancellationToken);
    }

    private NotificationSender Sender
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _sender;
        }
    }
}
