using Notifier.Core.Connections;

namespace Notifier.Core.Delivery;

public sealed partial class NotificationSender
{
    /// <summary>Fans the message out to <paramref name="connections"/> (duplicates skipped), then prunes the gone ones that are past their connect grace.</summary>
    /// <exception cref="DeliveryInterruptedException">The listing failed part-way, after the posts it had started ended.</exception>
    internal async Task<DeliveryReport> DeliverAsync(
        IAsyncEnumerable<ConnectionRecord> connections,
        NotificationMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var limiter = new AdaptiveConcurrencyLimiter(_options.MinConcurrency, _options.MaxConcurrency);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deliveries = new List<Task<ConnectionOutcome>>();
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
        }
        catch (Exception exception) when (deliveries.Count > 0)
        {
            // The store failed part-way through the listing: posts already started must end before anyone hears
            // of the failure, or a caller's retry would race them and deliver twice.
            var started = await Task.WhenAll(deliveries).ConfigureAwait(false);
            throw new DeliveryInterruptedException(await ReportAsync(started, message.Length).ConfigureAwait(false), exception);
        }

        var outcomes = await Task.WhenAll(deliveries).ConfigureAwait(false);
        return await ReportAsync(outcomes, message.Length).ConfigureAwait(false);
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
                    result = await _channel.PostAsync(connection, message.Utf8, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    limiter.Exit();
                }

                switch (result.Status)
                {
                    case PostStatus.Delivered:
                        limiter.OnSuccess();
                        return new ConnectionOutcome(connection.ConnectionId, result, throttles > 0);
                    case PostStatus.Throttled when throttles < _options.ThrottleRetries:
                        limiter.OnThrottled();
                        var delay = Backoff.Delay(throttles++, _options.BaseDelay, _options.MaxDelay);
                        SenderLog.Throttled(_logger, connection.ConnectionId, delay, limiter.Limit);
                        await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                        break;
                    case PostStatus.TransientFailure when transients < _options.TransientRetries:
                        await Task.Delay(Backoff.Delay(transients++, _options.BaseDelay, _options.MaxDelay), _timeProvider, cancellationToken).ConfigureAwait(false);
                        break;
                    case PostStatus.Gone when establishing < _options.EstablishingRetries && IsEstablishing(connection):
                        // $connect stored the record but API Gateway has not opened the socket yet: 410 until it has.
                        await Task.Delay(Backoff.Delay(establishing++, _options.BaseDelay, _options.MaxDelay), _timeProvider, cancellationToken).ConfigureAwait(false);
                        break;
                    case PostStatus.Gone:
                        return new ConnectionOutcome(connection.ConnectionId, result, throttles > 0, KeepRecord: IsEstablishing(connection));
                    default:
                        return new ConnectionOutcome(connection.ConnectionId, result, throttles > 0);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ConnectionOutcome(connection.ConnectionId, new PostResult(PostStatus.Failed, "cancelled before delivery was confirmed"), throttles > 0);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A channel is not expected to throw; one that does must not sink the whole send.
            return new ConnectionOutcome(connection.ConnectionId, new PostResult(PostStatus.Failed, exception.GetType().Name), throttles > 0);
        }
    }

    /// <summary>Whether <paramref name="connection"/> is young enough that a 410 may mean its socket is still opening.</summary>
    private bool IsEstablishing(ConnectionRecord connection) =>
        _options.ConnectGrace > TimeSpan.Zero && _timeProvider.GetUtcNow() - connection.ConnectedAt < _options.ConnectGrace;

    private async Task<DeliveryReport> ReportAsync(ConnectionOutcome[] outcomes, int bytes)
    {
        var delivered = outcomes.Where(o => o.Result.Status == PostStatus.Delivered).Select(o => o.ConnectionId).ToList();
        var afterThrottling = outcomes.Where(o => o.Result.Status == PostStatus.Delivered && o.WasThrottled).Select(o => o.ConnectionId).ToList();
        var gone = outcomes.Where(o => o.Result.Status == PostStatus.Gone).Select(o => o.ConnectionId).ToList();
        var toPrune = outcomes.Where(o => o.Result.Status == PostStatus.Gone && !o.KeepRecord).Select(o => o.ConnectionId).ToList();
        foreach (var kept in outcomes.Where(o => o.Result.Status == PostStatus.Gone && o.KeepRecord))
        {
            SenderLog.GoneButEstablishing(_logger, kept.ConnectionId);
        }

        var failed = outcomes
            .Where(o => o.Result.Status is not (PostStatus.Delivered or PostStatus.Gone))
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
                // Pruning finishes even when the send's token has run out: the 410s are already known.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), _timeProvider);
                await _store.RemoveManyAsync(toPrune, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                pruneFailed = true;
                SenderLog.PruneFailed(_logger, exception, toPrune.Count);
            }
        }

        SenderLog.Sent(_logger, bytes, outcomes.Length, delivered.Count, afterThrottling.Count, gone.Count, failed.Count);
        return new DeliveryReport(delivered, afterThrottling, gone, failed, pruneFailed);
    }

    /// <summary>One connection's end; <c>KeepRecord</c> marks a 410 from a connection still within its connect grace (reported gone, not pruned).</summary>
    private readonly record struct ConnectionOutcome(string ConnectionId, PostResult Result, bool WasThrottled, bool KeepRecord = false);
}
