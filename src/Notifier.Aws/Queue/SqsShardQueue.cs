using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Delivery;
using Notifier.Core.Sharding;

namespace Notifier.Aws.Queue;

/// <summary>Queues shards on an SQS queue with <c>SendMessageBatch</c>.</summary>
/// <remarks>
/// <para>
/// Shards go in batches of at most 10 entries and 262,144 bytes of bodies, SQS's limits for one call. An entry SQS
/// fails on its own side (<c>SenderFault</c> false) is sent again with jittered backoff, up to
/// <see cref="SqsShardQueueOptions.MaxAttempts"/> times; one it fails as the sender's fault is not, since it would
/// fail again. Whole calls that fail are retried by the SDK itself.
/// </para>
/// <para>
/// When shards remain unqueued, <see cref="EnqueueAsync"/> throws <see cref="ShardQueueException"/> naming how many;
/// the others are queued and will run. A shard larger than one message is refused before anything is sent.
/// </para>
/// </remarks>
public sealed class SqsShardQueue : IShardQueue
{
    /// <summary>The most entries one <c>SendMessageBatch</c> takes.</summary>
    public const int MaxBatchEntries = 10;

    /// <summary>The most bytes of bodies one message, and one batch, may hold: SQS's 256 KiB.</summary>
    public const int MaxBatchBytes = 262_144;

    private readonly IAmazonSQS _sqs;
    private readonly string _queueUrl;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SqsShardQueueOptions _options;

    /// <summary>Creates a queue over <paramref name="queueUrl"/>; the caller owns <paramref name="sqs"/>.</summary>
    public SqsShardQueue(
        IAmazonSQS sqs,
        string queueUrl,
        TimeProvider? timeProvider = null,
        ILogger<SqsShardQueue>? logger = null,
        SqsShardQueueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueUrl);
        _sqs = sqs;
        _queueUrl = queueUrl;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SqsShardQueue>.Instance;
        _options = options ?? new SqsShardQueueOptions();
        _options.Validate();
    }

    /// <summary>The queue the shards are sent to.</summary>
    public string QueueUrl => _queueUrl;

    public async Task EnqueueAsync(IReadOnlyList<ShardWork> shards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            return;
        }

        var bodies = new List<Body>(shards.Count);
        foreach (var shard in shards)
        {
            var utf8 = shard.ToUtf8Json();
            if (utf8.Length > MaxBatchBytes)
            {
                throw new ShardQueueException(
                    $"Shard {shard.Id} of send {shard.SendId} is {utf8.Length} bytes, more than the {MaxBatchBytes} an SQS message may hold; none of the {shards.Count} shards were queued.",
                    shards.Count);
            }

            bodies.Add(new Body(Encoding.UTF8.GetString(utf8), utf8.Length));
        }

        var sendId = shards[0].SendId;
        var notQueued = 0;
        Exception? firstFailure = null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentBatches, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Chunk(bodies), parallel, async (batch, token) =>
        {
            var (failed, failure) = await SendBatchAsync(batch, sendId, token).ConfigureAwait(false);
            if (failed > 0)
            {
                Interlocked.Add(ref notQueued, failed);
                Interlocked.CompareExchange(ref firstFailure, failure, null);
            }
        }).ConfigureAwait(false);

        if (notQueued > 0)
        {
            throw new ShardQueueException(
                $"{notQueued} of {shards.Count} shards of send {sendId} were not queued: {firstFailure?.Message}", notQueued, firstFailure);
        }
    }

    /// <summary>Splits the bodies, in order, into batches within both SQS limits.</summary>
    private static IEnumerable<List<Body>> Chunk(List<Body> bodies)
    {
        var batch = new List<Body>(MaxBatchEntries);
        var bytes = 0;
        foreach (var body in bodies)
        {
            if (batch.Count == MaxBatchEntries || bytes + body.Bytes > MaxBatchBytes)
            {
                yield return batch;
                batch = new List<Body>(MaxBatchEntries);
                bytes = 0;
            }

            batch.Add(body);
            bytes += body.Bytes;
        }

        yield return batch;
    }

    /// <summary>Sends one batch, resending entries SQS failed on its side; returns how many were not queued and why.</summary>
    private async Task<(int NotQueued, Exception? Failure)> SendBatchAsync(List<Body> batch, string sendId, CancellationToken cancellationToken)
    {
        // An entry's id is its index in the batch, so it stays valid and distinct across resends.
        var pending = batch.Select((body, index) => new SendMessageBatchRequestEntry
        {
            Id = index.ToString(CultureInfo.InvariantCulture),
            MessageBody = body.Text,
        }).ToList();
        var givenUp = 0;
        Exception? failure = null;
        for (var attempt = 1; ; attempt++)
        {
            SendMessageBatchResponse response;
            try
            {
                response = await _sqs.SendMessageBatchAsync(
                    new SendMessageBatchRequest { QueueUrl = _queueUrl, Entries = pending }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsQueueFailure(exception, cancellationToken))
            {
                SqsShardQueueLog.RequestFailed(_logger, pending.Count, sendId, exception);
                return (givenUp + pending.Count, failure ?? exception);
            }

            var byId = pending.ToDictionary(entry => entry.Id, StringComparer.Ordinal);
            var failed = response.Failed ?? [];
            var permanent = failed.Where(entry => entry.SenderFault == true || !byId.ContainsKey(entry.Id)).ToList();
            var retriable = failed.Except(permanent).ToList();
            if (permanent.Count > 0)
            {
                // The sender's fault would recur on a resend.
                givenUp += permanent.Count;
                failure ??= Refused(permanent, "");
                SqsShardQueueLog.EntriesGivenUp(_logger, permanent.Count, sendId, permanent[0].Code ?? "");
            }

            if (retriable.Count == 0)
            {
                return (givenUp, failure);
            }

            if (attempt >= _options.MaxAttempts)
            {
                SqsShardQueueLog.EntriesGivenUp(_logger, retriable.Count, sendId, retriable[0].Code ?? "");
                return (givenUp + retriable.Count, failure ?? Refused(retriable, $" after {attempt} attempts"));
            }

            pending = [.. retriable.Select(entry => byId[entry.Id])];
            var delay = Backoff.Delay(attempt - 1, _options.BaseDelay, _options.MaxDelay);
            SqsShardQueueLog.EntriesFailed(_logger, pending.Count, sendId, retriable[0].Code ?? "", attempt, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static AmazonSQSException Refused(List<BatchResultErrorEntry> entries, string when) =>
        new($"SQS refused {entries.Count} entries{when}: {entries[0].Code}: {entries[0].Message}");

    /// <summary>
    /// True for failures of the queue or the way to it. A cancellation the caller did not ask for is the HTTP
    /// client's timeout, so it counts as a failure; one the caller asked for does not.
    /// </summary>
    private static bool IsQueueFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AmazonServiceException or AmazonClientException => true,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    private sealed record Body(string Text, int Bytes);
}
