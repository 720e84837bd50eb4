using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Connections;
using Notifier.Core.History;
using Notifier.Core.Topics;

namespace Notifier.Core.Delivery;

/// <summary>Pushes a notification to a connection, a user's devices, many users, a topic or everyone, and reports what happened.</summary>
/// <remarks>
/// <para>
/// Posts run concurrently under <see cref="DeliveryOptions.MaxConcurrency"/>, and every attempt takes a permit from the
/// sender's one budget of <see cref="DeliveryOptions.PostsPerSecond"/> when that is set; throttling (429) and
/// transient failures are retried within bounds; connections that answer 410 Gone are removed from
/// the store in one batch after the send (with what is left of the caller's time, at most <see cref="PruneTimeout"/>;
/// what is not removed then expires by TTL), except those younger than <see cref="DeliveryOptions.ConnectGrace"/>:
/// their socket may still be opening, so the post is retried a few times and the record kept. Each connection is posted to once per send unless a retry
/// is needed, and never again once it has the message or may have it (an unconfirmed post). A lookup that
/// fails before any post throws and sends nothing, so the whole send can be repeated safely; one that fails
/// after posts started throws <see cref="DeliveryInterruptedException"/> once they have ended. Recipients are
/// streamed into the fan-out as they are found (a scan, a topic's subscribers, each user's lookup). Topic sends
/// and topic member counts read the <see cref="ITopicStore"/> given, or the connection store itself when it
/// keeps topics (both stores do).
/// </para>
/// <para>
/// With an <see cref="IMessageHistory"/>, each send has a message id (the caller's, or a new one) and, before any post,
/// is appended to every stream it belongs to: <c>user:{userId}</c> (<see cref="StreamName.ForUser"/>) for each user of a
/// user send, the topic's stream for a topic send; sends to one connection and broadcasts belong to none. A
/// <c>userIds</c> send appends each user's stream as that user is looked up, before that user's connections are posted
/// to. A connection that chose <see cref="NotificationEnvelope.Protocol"/> then receives the message in an envelope with
/// its id, and its stream and number when it has them; every other connection receives the message's bytes as before.
/// An append that fails is a failed lookup: before any post it throws and nothing is sent (the messages already appended
/// stay in their streams, and a repeated send appends again under new numbers; clients drop the repeat by its id).
/// Without a history nothing is numbered and every connection receives the message's bytes.
/// </para>
/// </remarks>
public sealed class NotificationSender
{
    /// <summary>The longest a send waits for its gone connections to be removed, even when its caller has more time.</summary>
    public static readonly TimeSpan PruneTimeout = TimeSpan.FromSeconds(30);

    private readonly IConnectionStore _store;
    private readonly ITopicStore? _topics;
    private readonly IConnectionChannel _channel;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IMessageHistory? _history;

    /// <summary>Paces post attempts to <see cref="DeliveryOptions.PostsPerSecond"/> across every send of this sender; null when uncapped.</summary>
    private readonly RateLimiter? _postBudget;

    /// <param name="store">Where connections are looked up, and gone ones removed.</param>
    /// <param name="channel">Posts to one connection.</param>
    /// <param name="options">Concurrency, retries and the post budget; the defaults when null.</param>
    /// <param name="timeProvider">The clock for backoff and the connect grace.</param>
    /// <param name="logger">The sender's log.</param>
    /// <param name="topics">Where topic subscribers are read; the store itself when null and it keeps topics.</param>
    /// <param name="history">Numbers and stores each message in its streams; null numbers nothing and sends every connection the message's bytes.</param>
    public NotificationSender(
        IConnectionStore store,
        IConnectionChannel channel,
        DeliveryOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<NotificationSender>? logger = null,
        ITopicStore? topics = null,
        IMessageHistory? history = null)
        : this(store, channel, options, timeProvider, logger, topics, postBudget: null, history)
    {
    }

    /// <summary>As the public constructor, with <paramref name="postBudget"/> (when given) in place of the one <see cref="DeliveryOptions.PostsPerSecond"/> would make.</summary>
    internal NotificationSender(
        IConnectionStore store,
        IConnectionChannel channel,
        DeliveryOptions? options,
        TimeProvider? timeProvider,
        ILogger<NotificationSender>? logger,
        ITopicStore? topics,
        RateLimiter? postBudget,
        IMessageHistory? history = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _topics = topics ?? store as ITopicStore;
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _options = options ?? new DeliveryOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<NotificationSender>.Instance;
        _postBudget = postBudget ?? CreatePostBudget(_options.PostsPerSecond);
        _history = history;
    }

    /// <summary>The history this sender numbers messages in; null when it keeps none.</summary>
    internal IMessageHistory? History => _history;

    /// <summary>Sends to one connection; an unknown connection is reported as gone.</summary>
    public Task<DeliveryReport> SendToConnectionAsync(string connectionId, NotificationMessage message, CancellationToken cancellationToken = default) =>
        SendToConnectionWithIdAsync(connectionId, message, messageId: null, cancellationToken);

    private async Task<DeliveryReport> SendToConnectionWithIdAsync(string connectionId, NotificationMessage message, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(message);
        var numbering = new Numbering(_history, message, messageId);
        var connection = await _store.GetAsync(connectionId, cancellationToken).ConfigureAwait(false);
        return connection is null
            ? new DeliveryReport([], [], [connectionId], [], pruneFailed: false, messageId: numbering.Id, streams: numbering.Streams)
            : await DeliverAsync(Addressed([connection], numbering.Envelope(stream: null, seq: 0)), message, numbering, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends to every connection of a user (all their devices); an unknown user gives an empty report.</summary>
    public Task<DeliveryReport> SendToUserAsync(string userId, NotificationMessage message, CancellationToken cancellationToken = default) =>
        SendToUserWithIdAsync(userId, message, messageId: null, cancellationToken);

    private async Task<DeliveryReport> SendToUserWithIdAsync(string userId, NotificationMessage message, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(message);
        var numbering = new Numbering(_history, message, messageId);
        var stream = StreamName.ForUser(userId);
        var seq = await numbering.AppendAsync(stream, cancellationToken).ConfigureAwait(false);
        var connections = await _store.ListByUserAsync(userId, cancellationToken).ConfigureAwait(false);
        return await DeliverAsync(Addressed(connections, numbering.Envelope(stream, seq)), message, numbering, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends to every connection of each user, in one fan-out.</summary>
    public Task<DeliveryReport> SendToUsersAsync(IEnumerable<string> userIds, NotificationMessage message, CancellationToken cancellationToken = default) =>
        SendToUsersWithIdAsync(userIds, message, messageId: null, cancellationToken);

    /// <summary>Sends to every connection of each user under <paramref name="messageId"/> (a new id when null), each user's stream appended before that user's connections are posted.</summary>
    internal Task<DeliveryReport> SendToUsersWithIdAsync(IEnumerable<string> userIds, NotificationMessage message, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(message);
        var numbering = new Numbering(_history, message, messageId);
        var distinctUsers = userIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
        return DeliverAsync(ListByUsersAsync(distinctUsers, numbering, cancellationToken), message, numbering, cancellationToken);
    }

    /// <summary>Looks the users up <see cref="DeliveryOptions.LookupConcurrency"/> at a time and yields their connections as each lookup answers.</summary>
    /// <remarks>
    /// Streaming lets the first posts start while later users are still being looked up (100,000 users take close to a
    /// minute to look up). Once a lookup has failed nothing more is yielded, and the failure is thrown after the
    /// other lookups have ended, so a failure before the first post still sends nothing. With a history, each user's
    /// stream is appended just before the user is looked up (whether or not the user is online, so that a device that
    /// resumes later finds the message), and a failed append counts as a failed lookup.
    /// </remarks>
    private async IAsyncEnumerable<Recipient> ListByUsersAsync(
        IReadOnlyList<string> userIds,
        Numbering numbering,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded so a slow fan-out holds only a few lookups' answers, not the whole audience's.
        var found = Channel.CreateBounded<(IReadOnlyList<ConnectionRecord> Connections, byte[]? Envelope)>(
            new BoundedChannelOptions(_options.LookupConcurrency) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failed = 0;
        var lookups = LookUpAsync();
        try
        {
            while (await found.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (Volatile.Read(ref failed) == 0 && !stop.IsCancellationRequested && found.Reader.TryRead(out var user))
                {
                    foreach (var connection in user.Connections)
                    {
                        yield return new Recipient(connection, user.Envelope);
                    }
                }

                if (Volatile.Read(ref failed) != 0 || stop.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            if (!lookups.IsCompleted && Volatile.Read(ref failed) == 0)
            {
                // The consumer stopped early: end the lookups; a failed one has already stopped the rest.
                await stop.CancelAsync().ConfigureAwait(false);
            }

            await lookups.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // Rethrows the first failed lookup, or the caller's cancellation; answers found but not yielded when the caller
        // gave up mean the listing was cut, even if every lookup had ended.
        await lookups.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        async Task LookUpAsync()
        {
            try
            {
                await Parallel.ForEachAsync(
                    userIds,
                    new ParallelOptions { MaxDegreeOfParallelism = _options.LookupConcurrency, CancellationToken = stop.Token },
                    async (userId, token) =>
                    {
                        IReadOnlyList<ConnectionRecord> connections;
                        var stream = StreamName.ForUser(userId);
                        long seq;
                        try
                        {
                            seq = await numbering.AppendAsync(stream, token).ConfigureAwait(false);
                            connections = await _store.ListByUserAsync(userId, token).ConfigureAwait(false);
                        }
                        catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
                        {
                            Volatile.Write(ref failed, 1);
                            throw;
                        }

                        if (connections.Count > 0)
                        {
                            // Built only for a user with a connection that reads envelopes: most users of a large send have none.
                            var envelope = connections.Any(WantsEnvelope) ? numbering.Envelope(stream, seq) : null;
                            await found.Writer.WriteAsync((connections, envelope), token).ConfigureAwait(false);
                        }
                    }).ConfigureAwait(false);
            }
            finally
            {
                found.Writer.Complete();
            }
        }
    }

    /// <summary>Sends a publish request: to its topic, its connection, every connection of its users, or every connection.</summary>
    public Task<DeliveryReport> SendAsync(PublishRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, messageId: null, cancellationToken);

    /// <summary>Sends a publish request under <paramref name="messageId"/>: the id its envelopes and streams carry when the sender keeps a history.</summary>
    /// <param name="request">The recipients and the message.</param>
    /// <param name="messageId">The message's id, e.g. the id of the queue record that carried it, so that a redelivered record keeps its id; a new one when null.</param>
    /// <param name="cancellationToken">Ends the send early; the report then says it was interrupted.</param>
    public Task<DeliveryReport> SendAsync(PublishRequest request, string? messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Broadcast)
        {
            return BroadcastWithIdAsync(request.Message, messageId, cancellationToken);
        }

        if (request.Topic is { } topic)
        {
            return SendToTopicWithIdAsync(topic, request.Message, request.ExcludeConnectionId, messageId, cancellationToken);
        }

        return request.ConnectionId is { } connectionId && request.UserIds.Count == 0
            ? SendToConnectionWithIdAsync(connectionId, request.Message, messageId, cancellationToken)
            : SendToUsersWithIdAsync(request.UserIds, request.Message, messageId, cancellationToken);
    }

    /// <summary>Sends to the given connections (one shard's page), duplicates skipped.</summary>
    public Task<DeliveryReport> SendToConnectionsAsync(IEnumerable<ConnectionRecord> connections, NotificationMessage message, CancellationToken cancellationToken = default) =>
        SendToConnectionsInStreamAsync(connections, message, messageId: null, stream: null, seq: null, cancellationToken);

    /// <summary>Sends to the given connections under <paramref name="messageId"/>, in <paramref name="stream"/> when given.</summary>
    /// <param name="connections">The recipients; duplicates skipped.</param>
    /// <param name="message">The message.</param>
    /// <param name="messageId">The message's id; a new one when null.</param>
    /// <param name="stream">The stream the message belongs to (a topic's), or null for none.</param>
    /// <param name="seq">The number <paramref name="stream"/> already gave the message (a sharded send's plan); when null, the message is appended to <paramref name="stream"/> first.</param>
    /// <param name="cancellationToken">Ends the send early.</param>
    internal async Task<DeliveryReport> SendToConnectionsInStreamAsync(
        IEnumerable<ConnectionRecord> connections,
        NotificationMessage message,
        string? messageId,
        string? stream,
        long? seq,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(message);
        var numbering = new Numbering(_history, message, messageId);
        var number = 0L;
        if (stream is not null)
        {
            number = seq is { } given ? numbering.Given(stream, given) : await numbering.AppendAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        return await DeliverAsync(Addressed(connections, numbering.Envelope(stream, number)), message, numbering, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends to every recorded connection.</summary>
    public Task<DeliveryReport> BroadcastAsync(NotificationMessage message, CancellationToken cancellationToken = default) =>
        BroadcastWithIdAsync(message, messageId: null, cancellationToken);

    private Task<DeliveryReport> BroadcastWithIdAsync(NotificationMessage message, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var numbering = new Numbering(_history, message, messageId);
        var envelope = numbering.Envelope(stream: null, seq: 0);
        return DeliverAsync(_store.ListAllAsync(cancellationToken).Select(connection => new Recipient(connection, envelope)), message, numbering, cancellationToken);
    }

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
        CancellationToken cancellationToken = default) =>
        SendToTopicWithIdAsync(topic, message, excludeConnectionId, messageId: null, cancellationToken);

    private Task<DeliveryReport> SendToTopicWithIdAsync(string topic, NotificationMessage message, string? excludeConnectionId, string? messageId, CancellationToken cancellationToken)
    {
        ThrowIfNotATopic(topic);
        ArgumentNullException.ThrowIfNull(message);
        var topics = Topics;
        return AppendThenDeliverAsync();

        // A local function, so that a bad topic or a missing topic store throws at the call, not in the task.
        async Task<DeliveryReport> AppendThenDeliverAsync()
        {
            var numbering = new Numbering(_history, message, messageId);
            var stream = StreamName.ForTopic(topic);
            var seq = await numbering.AppendAsync(stream, cancellationToken).ConfigureAwait(false);
            var subscribers = topics.ListSubscribersAsync(topic, cancellationToken);
            if (!string.IsNullOrEmpty(excludeConnectionId))
            {
                subscribers = subscribers.Where(connection => !string.Equals(connection.ConnectionId, excludeConnectionId, StringComparison.Ordinal));
            }

            var envelope = numbering.Envelope(stream, seq);
            return await DeliverAsync(subscribers.Select(connection => new Recipient(connection, envelope)), message, numbering, cancellationToken).ConfigureAwait(false);
        }
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

    /// <summary>The connections, each to receive <paramref name="envelope"/> if it reads envelopes.</summary>
    private static IAsyncEnumerable<Recipient> Addressed(IEnumerable<ConnectionRecord> connections, byte[]? envelope) =>
        connections.Select(connection => new Recipient(connection, envelope)).ToAsyncEnumerable();

    /// <summary>Whether <paramref name="connection"/> chose the subprotocol in which messages come in envelopes.</summary>
    private static bool WantsEnvelope(ConnectionRecord connection) =>
        string.Equals(connection.Protocol, NotificationEnvelope.Protocol, StringComparison.Ordinal);

    /// <summary>Fans the message out to <paramref name="recipients"/> (duplicates skipped), then prunes the gone ones that are past their connect grace.</summary>
    /// <exception cref="DeliveryInterruptedException">The listing failed part-way, after the posts it had started ended.</exception>
    private async Task<DeliveryReport> DeliverAsync(
        IAsyncEnumerable<Recipient> recipients,
        NotificationMessage message,
        Numbering numbering,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var limiter = new AdaptiveConcurrencyLimiter(_options.MinConcurrency, _options.MaxConcurrency);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deliveries = new List<Task<ConnectionOutcome>>();
        var listingCut = false;
        try
        {
            await foreach (var (connection, envelope) in recipients.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(connection.ConnectionId))
                {
                    var payload = envelope is not null && WantsEnvelope(connection) ? envelope : message.Utf8;
                    deliveries.Add(DeliverOneAsync(connection, payload, limiter, cancellationToken));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Report what was started; connections not yet listed were never addressed.
            listingCut = true;
        }
        catch (Exception exception) when (deliveries.Count > 0)
        {
            // The store failed part-way through the listing: posts already started must end before anyone hears
            // of the failure, or a caller's retry would race them and deliver twice.
            var started = await Task.WhenAll(deliveries).ConfigureAwait(false);
            throw new DeliveryInterruptedException(await ReportAsync(started, message.Length, interrupted: false, numbering, cancellationToken).ConfigureAwait(false), exception);
        }

        var outcomes = await Task.WhenAll(deliveries).ConfigureAwait(false);
        var interrupted = listingCut || outcomes.Any(o => o.Cancelled);
        return await ReportAsync(outcomes, message.Length, interrupted, numbering, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ConnectionOutcome> DeliverOneAsync(
        ConnectionRecord connection,
        ReadOnlyMemory<byte> payload,
        AdaptiveConcurrencyLimiter limiter,
        CancellationToken cancellationToken)
    {
        var throttles = 0;
        var transients = 0;
        var establishing = 0;
        try
        {
            while (true)
            {
                await limiter.EnterAsync(cancellationToken).ConfigureAwait(false);
                PostResult result;
                try
                {
                    await TakePostPermitAsync(cancellationToken).ConfigureAwait(false);
                    result = await _channel.PostAsync(connection, payload, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    limiter.Exit();
                }

                switch (result.Status)
                {
                    case ManagementCallStatus.Succeeded:
                        limiter.OnSuccess();
                        return new ConnectionOutcome(connection.ConnectionId, result, throttles > 0);
                    case ManagementCallStatus.Throttled when throttles < _options.ThrottleRetries:
                        limiter.OnThrottled();
                        var delay = Backoff.Delay(throttles++, _options.BaseDelay, _options.MaxDelay);
                        SenderLog.Throttled(_logger, connection.ConnectionId, delay, limiter.Limit);
                        await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                        break;
                    case ManagementCallStatus.TransientFailure when transients < _options.TransientRetries:
                        await Task.Delay(Backoff.Delay(transients++, _options.BaseDelay, _options.MaxDelay), _timeProvider, cancellationToken).ConfigureAwait(false);
                        break;
                    case ManagementCallStatus.Gone when establishing < _options.EstablishingRetries && IsEstablishing(connection):
                        // $connect stored the record but API Gateway has not opened the socket yet: 410 until it has.
                        await Task.Delay(Backoff.Delay(establishing++, _options.BaseDelay, _options.MaxDelay), _timeProvider, cancellationToken).ConfigureAwait(false);
                        break;
                    case ManagementCallStatus.Gone:
                        return new ConnectionOutcome(connection.ConnectionId, result, throttles > 0, KeepRecord: IsEstablishing(connection));
                    default:
                        return new ConnectionOutcome(connection.ConnectionId, result, throttles > 0 || result.Status == ManagementCallStatus.Throttled);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ConnectionOutcome(connection.ConnectionId, new PostResult(ManagementCallStatus.Failed, "cancelled before delivery was confirmed"), throttles > 0, Cancelled: true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A channel is not expected to throw; one that does must not sink the whole send.
            return new ConnectionOutcome(connection.ConnectionId, new PostResult(ManagementCallStatus.Failed, exception.GetType().Name), throttles > 0);
        }
    }

    /// <summary>Waits for the post budget to allow one more post attempt; at once when there is no budget.</summary>
    private async ValueTask TakePostPermitAsync(CancellationToken cancellationToken)
    {
        if (_postBudget is null)
        {
            return;
        }

        using var permit = await _postBudget.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!permit.IsAcquired)
        {
            // The budget queues every waiting post, so a refusal means it was disposed or misbuilt: a bug, not a send outcome.
            throw new InvalidOperationException("The post budget refused a permit.");
        }
    }

    /// <summary>A token bucket that lets <paramref name="postsPerSecond"/> post attempts start each second, or null for no cap.</summary>
    /// <remarks>
    /// Tokens come every tenth of a second or so, a tenth of the second's budget at a time, and at most that many wait
    /// unused, so a send that starts after a quiet spell cannot burst past the rate. The limiter refills on its own
    /// timer and reads the system clock (it takes no <see cref="TimeProvider"/>), so the budget runs on wall time
    /// even when the sender is given another clock.
    /// </remarks>
    private static TokenBucketRateLimiter? CreatePostBudget(int? postsPerSecond)
    {
        if (postsPerSecond is not { } rate)
        {
            return null;
        }

        var tokensPerPeriod = Math.Max(1, rate / 10);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokensPerPeriod,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokensPerPeriod / rate),
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Whether <paramref name="connection"/> is young enough that a 410 may mean its socket is still opening.</summary>
    private bool IsEstablishing(ConnectionRecord connection) =>
        _options.ConnectGrace > TimeSpan.Zero && _timeProvider.GetUtcNow() - connection.ConnectedAt < _options.ConnectGrace;

    /// <summary>Prunes the settled gone connections with what is left of <paramref name="cancellationToken"/>'s time, then reports.</summary>
    private async Task<DeliveryReport> ReportAsync(ConnectionOutcome[] outcomes, int bytes, bool interrupted, Numbering numbering, CancellationToken cancellationToken)
    {
        var delivered = outcomes.Where(o => o.Result.Status == ManagementCallStatus.Succeeded).Select(o => o.ConnectionId).ToList();
        var afterThrottling = outcomes.Where(o => o.Result.Status == ManagementCallStatus.Succeeded && o.WasThrottled).Select(o => o.ConnectionId).ToList();
        var gone = outcomes.Where(o => o.Result.Status == ManagementCallStatus.Gone).Select(o => o.ConnectionId).ToList();
        var toPrune = outcomes.Where(o => o.Result.Status == ManagementCallStatus.Gone && !o.KeepRecord).Select(o => o.ConnectionId).ToList();
        foreach (var kept in outcomes.Where(o => o.Result.Status == ManagementCallStatus.Gone && o.KeepRecord))
        {
            SenderLog.GoneButEstablishing(_logger, kept.ConnectionId);
        }

        var failed = outcomes
            .Where(o => o.Result.Status is not (ManagementCallStatus.Succeeded or ManagementCallStatus.Gone))
            .Select(o => new DeliveryFailure(o.ConnectionId, o.Result.Status, o.Result.Detail ?? o.Result.Status.ToString()))
            .ToList();
        foreach (var failure in failed)
        {
            SenderLog.DeliveryFailed(_logger, failure.ConnectionId, failure.Status, failure.Reason);
        }

        var pruneFailed = false;
        if (toPrune.Count > 0)
        {
            try
            {
                // Only the caller's time is left for pruning (in Lambda, the invocation's deadline): a record not
                // removed now is harmless, since the next send's 410 or the record's TTL removes it.
                using var timeout = new CancellationTokenSource(PruneTimeout, _timeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                await _store.RemoveManyAsync(toPrune, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                pruneFailed = true;
                SenderLog.PruneCut(_logger, toPrune.Count);
            }
            catch (Exception exception)
            {
                pruneFailed = true;
                SenderLog.PruneFailed(_logger, exception, toPrune.Count);
            }
        }

        SenderLog.Sent(_logger, bytes, outcomes.Length, delivered.Count, afterThrottling.Count, gone.Count, failed.Count);
        return new DeliveryReport(
            delivered, afterThrottling, gone, failed, pruneFailed, interrupted, throttled: outcomes.Count(o => o.WasThrottled), messageId: numbering.Id, streams: numbering.Streams);
    }

    private ITopicStore Topics => _topics ?? throw new InvalidOperationException("This sender's store keeps no topics; give the sender an ITopicStore.");

    private static void ThrowIfNotATopic(string topic)
    {
        if (TopicName.Problem(topic) is { } problem)
        {
            throw new ArgumentException(problem, nameof(topic));
        }
    }

    /// <summary>One connection's end; <c>WasThrottled</c> marks one answered 429 at least once (whatever its end), <c>KeepRecord</c> a 410 from a connection still within its connect grace (reported gone, not pruned), <c>Cancelled</c> a post the caller's token cut short.</summary>
    private readonly record struct ConnectionOutcome(string ConnectionId, PostResult Result, bool WasThrottled, bool KeepRecord = false, bool Cancelled = false);

    /// <summary>A connection to post to, and the envelope it receives if it reads envelopes (null: the message's bytes for everyone).</summary>
    private readonly record struct Recipient(ConnectionRecord Connection, byte[]? Envelope);

    /// <summary>One send's place in the history: its message id, the number each of its streams gave it, and its envelopes.</summary>
    /// <remarks>Without a history it has no id, appends nothing and builds no envelope, so the send is today's plain one.</remarks>
    private sealed class Numbering
    {
        private readonly IMessageHistory? _history;
        private readonly NotificationMessage _message;
        private readonly ConcurrentDictionary<string, long> _streams = new(StringComparer.Ordinal);

        public Numbering(IMessageHistory? history, NotificationMessage message, string? messageId)
        {
            _history = history;
            _message = message;
            Id = history is null ? null : string.IsNullOrEmpty(messageId) ? Guid.NewGuid().ToString("N") : messageId;
        }

        /// <summary>The message's id; null without a history.</summary>
        public string? Id { get; }

        /// <summary>Each stream appended (or given) so far and its number, in ordinal order of the stream names.</summary>
        public IReadOnlyDictionary<string, long> Streams =>
            _streams.IsEmpty ? EmptyStreams : _streams.OrderBy(entry => entry.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);

        private static IReadOnlyDictionary<string, long> EmptyStreams { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

        /// <summary>Appends the message to <paramref name="stream"/> and returns its number there; 0 (and nothing stored) without a history.</summary>
        public async Task<long> AppendAsync(string stream, CancellationToken cancellationToken)
        {
            if (_history is null)
            {
                return 0;
            }

            var seq = await _history.AppendAsync(stream, Id!, _message.Utf8, cancellationToken).ConfigureAwait(false);
            _streams[stream] = seq;
            return seq;
        }

        /// <summary>Records the number <paramref name="stream"/> gave the message earlier (a sharded send's plan), and returns it.</summary>
        public long Given(string stream, long seq)
        {
            if (_history is not null)
            {
                _streams[stream] = seq;
            }

            return seq;
        }

        /// <summary>The envelope for a connection in <paramref name="stream"/> (none when null); null without a history.</summary>
        public byte[]? Envelope(string? stream, long seq) =>
            Id is null ? null : NotificationEnvelope.Write(Id, stream, seq, _message.Utf8);
    }
}
