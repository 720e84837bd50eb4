using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;

namespace Notifier.Core.Sharding;

/// <summary>Sends small publishes at once and splits large ones into shards that other publish invocations run from the queue.</summary>
/// <remarks>
/// <para>
/// A send is large when it names more than <see cref="ShardingOptions.ShardSize"/> users, or its topic or every
/// connection holds more than that many recipients; finding out reads at most that many plus one, never every
/// recipient. A large send is split without reading its recipients: a <c>userIds</c> list into chunks, a topic into
/// its sub-partitions, every connection into scan segments. A topic or every-connection shard takes one page of at
/// most the shard size from its range and, when the range has more, queues the next link of its segment before it
/// posts, so the links of a segment run one after another in separate invocations.
/// </para>
/// <para>
/// Each shard is recorded in the <see cref="ISendLedger"/> before it is queued, claimed by the queue message that runs
/// it, and marked done with its counts; the send's report is their sum. A shard cut short by its invocation's deadline
/// goes back to the queue and runs again whole: connections it reached before the deadline get the message twice, so a
/// large send is delivered at least once, with at most one shard's worth of repeats per interruption. A copy of a shard
/// queued twice (a redriven parent queues its next link again) is skipped.
/// </para>
/// <para>
/// When the sender keeps a history (<see cref="NotificationSender"/>), the send id is the message's id in every stream
/// and envelope. A large topic send is appended to the topic's stream once, when it is planned, and every shard carries
/// that number (<see cref="ShardWork.Seq"/>); a large broadcast belongs to no stream and its shards carry the id only. A
/// <c>userIds</c> shard appends its own users' streams when it runs: a shard run twice (cut short, then run again)
/// appends twice, so a user may see the message under two numbers. That is the same at-least-once delivery as the
/// repeated posts, and a client drops the repeat by its id. A request planned twice under one send id (a redriven queue
/// message) appends a topic send twice in the same way.
/// </para>
/// </remarks>
public sealed class ShardedSender
{
    /// <summary>SQS's limit on one message, which a shard's body (the message and its users) must stay under.</summary>
    public const int MaximumShardBytes = 256 * 1024;

    /// <summary>Room left in a shard's body for everything but the message and the user ids.</summary>
    private const int ShardOverheadBytes = 4 * 1024;

    private readonly NotificationSender _sender;
    private readonly IRecipientPages _pages;
    private readonly ISendLedger _ledger;
    private readonly IShardQueue _queue;
    private readonly ShardingOptions _options;
    private readonly ILogger _logger;

    public ShardedSender(
        NotificationSender sender,
        IRecipientPages pages,
        ISendLedger ledger,
        IShardQueue queue,
        ShardingOptions? options = null,
        ILogger<ShardedSender>? logger = null)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _pages = pages ?? throw new ArgumentNullException(nameof(pages));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _options = options ?? new ShardingOptions();
        _options.Validate();
        _logger = logger ?? NullLogger<ShardedSender>.Instance;
    }

    /// <summary>The ledger that holds the reports of sharded sends.</summary>
    public ISendLedger Ledger => _ledger;

    /// <summary>Sends <paramref name="request"/> now when it is small; else queues its shards under <paramref name="sendId"/>.</summary>
    /// <remarks>
    /// Queuing the same request twice under the same <paramref name="sendId"/> (a redriven queue message) queues
    /// copies of the same shards, which the ledger runs once.
    /// </remarks>
    public async Task<PublishOutcome> PublishAsync(PublishRequest request, string sendId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(sendId);
        var shards = await PlanAsync(request, sendId, cancellationToken).ConfigureAwait(false);
        if (shards.Small is { } small)
        {
            return new PublishOutcome(await small(cancellationToken).ConfigureAwait(false), sendId, 0);
        }

        await _ledger.AddShardsAsync(sendId, [.. shards.Work.Select(shard => shard.Id)], cancellationToken).ConfigureAwait(false);
        await _queue.EnqueueAsync(shards.Work, cancellationToken).ConfigureAwait(false);
        ShardingLog.Split(_logger, sendId, shards.Work.Count);
        return new PublishOutcome(null, sendId, shards.Work.Count);
    }

    /// <summary>Runs one shard under the queue message <paramref name="attemptId"/>.</summary>
    /// <exception cref="DeliveryInterruptedException">The store failed part-way through the shard's lookups.</exception>
    public async Task<ShardOutcome> RunShardAsync(ShardWork shard, string attemptId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentException.ThrowIfNullOrEmpty(attemptId);
        if (!await _ledger.ClaimAsync(shard.SendId, shard.Id, attemptId, cancellationToken).ConfigureAwait(false))
        {
            ShardingLog.Skipped(_logger, shard.SendId, shard.Id);
            return new ShardOutcome(ShardStatus.Skipped, null, 0);
        }

        DeliveryReport report;
        var queued = 0;
        if (shard.Range is not { } range)
        {
            report = await _sender.SendToUsersWithIdAsync(shard.UserIds!, shard.Message, shard.MessageId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var page = await _pages.ReadPageAsync(range, shard.Cursor, _options.ShardSize, cancellationToken).ConfigureAwait(false);
            if (page.Cursor is { } cursor)
            {
                // Queued before this shard posts, so the segment's next page starts now in another invocation.
                var next = shard.Next(cursor);
                await _ledger.AddShardsAsync(shard.SendId, [next.Id], cancellationToken).ConfigureAwait(false);
                await _queue.EnqueueAsync([next], cancellationToken).ConfigureAwait(false);
                ShardingLog.Continued(_logger, shard.SendId, shard.Id, next.Id);
                queued = 1;
            }

            var recipients = shard.ExcludeConnectionId is { } excluded
                ? page.Connections.Where(connection => !string.Equals(connection.ConnectionId, excluded, StringComparison.Ordinal))
                : page.Connections;
            // A topic shard's number was given when the send was planned: posting must not append again.
            var stream = shard.Seq is not null && shard.Topic is { } topic ? StreamName.ForTopic(topic) : null;
            report = await _sender.SendToConnectionsInStreamAsync(recipients, shard.Message, shard.MessageId, stream, shard.Seq, cancellationToken).ConfigureAwait(false);
        }

        if (report.Interrupted)
        {
            return new ShardOutcome(ShardStatus.Interrupted, report, queued);
        }

        await _ledger.CompleteAsync(shard.SendId, shard.Id, CountsOf(report), cancellationToken).ConfigureAwait(false);
        return new ShardOutcome(ShardStatus.Done, report, queued);
    }

    /// <summary>A shard's counts for the ledger.</summary>
    public static ShardCounts CountsOf(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ShardCounts(report.Recipients, report.Delivered.Count, report.Gone.Count, report.Throttled, report.Failed.Count);
    }

    /// <summary>Either the send to make now (small), or the shards to queue.</summary>
    /// <remarks>A small send goes through the sender's own path under <paramref name="sendId"/>, appending as any send does.</remarks>
    private async Task<Plan> PlanAsync(PublishRequest request, string sendId, CancellationToken cancellationToken)
    {
        var message = request.Message;
        // Shards carry the id only when the sender numbers messages, so that without a history they are as before.
        var messageId = _sender.History is null ? null : sendId;
        if (request.Broadcast)
        {
            var probe = await _pages.ReadPageAsync(new RecipientRange(null, 0, 1), null, _options.ShardSize + 1, cancellationToken).ConfigureAwait(false);
            return IsSmall([probe])
                ? Plan.Now(token => _sender.SendToConnectionsInStreamAsync(probe.Connections, message, sendId, stream: null, seq: null, token))
                : Plan.Split([.. Enumerable.Range(0, _options.BroadcastSegments).Select(segment => new ShardWork(sendId, segment, _options.BroadcastSegments, message) { MessageId = messageId })]);
        }

        if (request.Topic is { } topic)
        {
            var parts = _pages.TopicPartitions;
            var probes = await Task.WhenAll(Enumerable.Range(0, parts).Select(part =>
                _pages.ReadPageAsync(new RecipientRange(topic, part, parts), null, _options.ShardSize + 1, cancellationToken))).ConfigureAwait(false);
            if (IsSmall(probes))
            {
                var subscribers = probes.SelectMany(page => page.Connections)
                    .Where(connection => !string.Equals(connection.ConnectionId, request.ExcludeConnectionId, StringComparison.Ordinal))
                    .ToList();
                return Plan.Now(token => _sender.SendToConnectionsInStreamAsync(subscribers, message, sendId, StreamName.ForTopic(topic), seq: null, token));
            }

            // Numbered once, here, before any shard is queued: every shard's envelopes then carry the same number.
            long? seq = _sender.History is { } history
                ? await history.AppendAsync(StreamName.ForTopic(topic), sendId, message.Utf8, cancellationToken).ConfigureAwait(false)
                : null;
            return Plan.Split([.. Enumerable.Range(0, parts).Select(part => new ShardWork(sendId, part, parts, message)
            {
                Topic = topic,
                ExcludeConnectionId = request.ExcludeConnectionId,
                MessageId = messageId,
                Seq = seq,
            })]);
        }

        var users = request.UserIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
        if (request.ConnectionId is not null || users.Count <= _options.ShardSize)
        {
            return Plan.Now(token => _sender.SendAsync(request, sendId, token));
        }

        var chunks = ChunkUsers(users, MaximumShardBytes - ShardOverheadBytes - message.Length);
        return Plan.Split([.. chunks.Select((chunk, index) => new ShardWork(sendId, index, chunks.Count, message) { UserIds = chunk, MessageId = messageId })]);
    }

    /// <summary>True when the probed pages hold every recipient and no more than a shard's worth.</summary>
    private bool IsSmall(IReadOnlyCollection<RecipientPage> probes) =>
        probes.All(page => page.Cursor is null) && probes.Sum(page => page.Connections.Count) <= _options.ShardSize;

    /// <summary>Chunks of at most a shard's size in users, and of at most <paramref name="maximumBytes"/> of ids, so that a shard fits in one queue message.</summary>
    private List<IReadOnlyList<string>> ChunkUsers(List<string> users, int maximumBytes)
    {
        var chunks = new List<IReadOnlyList<string>>();
        var chunk = new List<string>();
        var bytes = 0;
        foreach (var user in users)
        {
            // As the shard writes it: escaped, quoted, and a comma.
            var size = JsonEncodedText.Encode(user).EncodedUtf8Bytes.Length + 3;
            if (chunk.Count > 0 && (chunk.Count == _options.ShardSize || bytes + size > maximumBytes))
            {
                chunks.Add(chunk);
                chunk = [];
                bytes = 0;
            }

            chunk.Add(user);
            bytes += size;
        }

        chunks.Add(chunk);
        return chunks;
    }

    /// <summary>A send to make now, or shards to queue.</summary>
    private sealed record Plan(Func<CancellationToken, Task<DeliveryReport>>? Small, IReadOnlyList<ShardWork> Work)
    {
        public static Plan Now(Func<CancellationToken, Task<DeliveryReport>> send) => new(send, []);

        public static Plan Split(IReadOnlyList<ShardWork> shards) => new(null, shards);
    }
}
