using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Connections;
using Notifier.Core.Topics;

namespace Notifier.Core.Delivery;

/// <summary>Pushes a notification to a connection, a user's devices, many users, a topic or everyone, and reports what happened.</summary>
/// <remarks>
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

    /// <summary>Paces post attempts to <see cref="DeliveryOptions.PostsPerSecond"/> across every send of this sender; null when uncapped.</summary>
    private readonly RateLimiter? _postBudget;

    public NotificationSender(
        IConnectionStore store,
        IConnectionChannel channel,
        DeliveryOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<NotificationSender>? logger = null,
        ITopicStore? topics = null)
        : this(store, channel, options, timeProvider, logger, topics, postBudget: null)
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
        RateLimiter? postBudget)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _topics = topics ?? store as ITopicStore;
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _options = options ?? new DeliveryOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<NotificationSender>.Instance;
        _postBudget = postBudget ?? CreatePostBudget(_options.PostsPerSecond);
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
        return await DeliverAsync(ListByUsersAsync(distinctUsers, cancellationToken), message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Looks the users up <see cref="DeliveryOptions.LookupConcurrency"/> at a time and yields their connections as each lookup answers.</summary>
    /// <remarks>
    /// Streaming lets the first posts start while later users are still being looked up (100,000 users take close to a
    /// minute to look up). Once a lookup has failed nothing more is yielded, and the failure is thrown after the
    /// other lookups have ended, so a failure before the first post still sends nothing.
    /// </remarks>
    private async IAsyncEnumerable<ConnectionRecord> ListByUsersAsync(
        IReadOnlyList<string> userIds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded so a slow fan-out holds only a few lookups' answers, not the whole audience's.
        var found = Channel.CreateBounded<IReadOnlyList<ConnectionRecord>>(
            new BoundedChannelOptions(_options.LookupConcurrency) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failed = 0;
        var lookups = LookUpAsync();
        try
        {
            while (await found.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (Volatile.Read(ref failed) == 0 && !stop.IsCancellationRequested && found.Reader.TryRead(out var connections))
                {
                    foreach (var connection in connections)
                    {
                        yield return connection;
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
                        try
                        {
                            connections = await _store.ListByUserAsync(userId, token).ConfigureAwait(false);
                        }
                        catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
                        {
                            Volatile.Write(ref failed, 1);
                            throw;
                        }

                        if (connections.Count > 0)
                        {
                            await found.Writer.WriteAsync(connections, token).ConfigureAwait(false);
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
    public Task<DeliveryReport> SendAsync(PublishRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Broadcast)
        {
            return BroadcastAsync(request.Message, cancellationToken);
        }

        if (request.Topic is { } topic)
        {
            return SendToTopicAsync(topic, request.Message, request.ExcludeConnectionId, cancellationToken);
        }

        return request.ConnectionId is { } connectionId && request.UserIds.Count == 0
            ? SendToConnectionAsync(connectionId, request.Message, cancellationToken)
            : SendToUsersAsync(request.UserIds, request.Message, cancellationToken);
    }

    /// <summary>Sends to the given connections (one shard's page), duplicates skipped.</summary>
    public Task<DeliveryReport> SendToConnectionsAsync(IEnumerable<ConnectionRecord> connections, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connections);
        return DeliverAsync(connections.ToAsyncEnumerable(), message, cancellationToken);
    }

    /// <summary>Sends to every recorded connection.</summary>
    public Task<DeliveryReport> BroadcastAsync(NotificationMessage message, CancellationToken cancellationToken = default) =>
        DeliverAsync(_store.ListAllAsync(cancellationToken), message, cancellationToken);

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

    /// <summary>Fans the message out to <paramref name="connections"/> (duplicates skipped), then prunes the gone ones that are past their connect grace.</summary>
    /// <exception cref="DeliveryInterruptedException">The listing failed part-way, after the posts it had started ended.</exception>
    private async Task<DeliveryReport> DeliverAsync(
        IAsyncEnumerable<ConnectionRecord> connections,
        NotificationMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var limiter = new AdaptiveConcurrencyLimiter(_options.MinConcurrency, _options.MaxConcurrency);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deliveries = new List<Task<ConnectionOutcome>>();
        var listingCut = false;
        try
        {
            await foreach (var connection in connections.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(connection.ConnectionId))
                {
                    deliveries.Add(DeliverOneAsync(connection, message, limiter, cancellationToken));
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
            throw new DeliveryInterruptedException(await ReportAsync(started, message.Length, interrupted: false, cancellationToken).ConfigureAwait(false), exception);
        }

        var outcomes = await Task.WhenAll(deliveries).ConfigureAwait(false);
        var interrupted = listingCut || outcomes.Any(o => o.Cancelled);
        return await ReportAsync(outcomes, message.Length, interrupted, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ConnectionOutcome> DeliverOneAsync(
        ConnectionRecord connection,
        NotificationMessage message,
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
                    result = await _channel.PostAsync(connection, message.Utf8, cancellationToken).ConfigureAwait(false);
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
    private async Task<DeliveryReport> ReportAsync(ConnectionOutcome[] outcomes, int bytes, bool interrupted, CancellationToken cancellationToken)
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
        return new DeliveryReport(delivered, afterThrottling, gone, failed, pruneFailed, interrupted, throttled: outcomes.Count(o => o.WasThrottled));
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
}
