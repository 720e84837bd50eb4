using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core.Sharding;
using Notifier.Functions.Handlers;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Gateway;

/// <summary>The local gateway's publish queue: shards of large sends wait here and run in the publish function, as SQS and Lambda run them on AWS.</summary>
/// <remarks>
/// <see cref="Workers"/> invocations run at once, each with one shard as an SQS batch event and the publish
/// function's 25 s timeout. A shard the function hands back (its deadline came first, or the store failed) is queued
/// again after <see cref="RetryDelay"/>, and dropped with an error line after <see cref="MaxReceives"/> tries, where SQS
/// would move it to the dead-letter queue. Nothing survives a restart of the gateway.
/// </remarks>
internal sealed class LocalShardQueue : BackgroundService, IShardQueue
{
    /// <summary>How many publish invocations run shards at once.</summary>
    public const int Workers = 4;

    /// <summary>How many times a shard is handed to the function before it is dropped, as the queue's redrive policy says.</summary>
    public const int MaxReceives = 5;

    /// <summary>Shards per invocation, as the queue's event source mapping says: a shard is one invocation's work.</summary>
    private const int BatchSize = 1;

    /// <summary>The publish function's timeout, as serverless.yml sets it.</summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(25);

    /// <summary>How long a shard handed back waits before it runs again: the local stand-in for the queue's visibility timeout.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<QueuedShard> _channel = Channel.CreateUnbounded<QueuedShard>();
    private readonly IServiceProvider _services;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LocalShardQueue> _logger;
    private readonly DashboardFeed _feed;
    private readonly InMemorySendLedger _ledger;
    private int _waiting;

    public LocalShardQueue(IServiceProvider services, TimeProvider timeProvider, ILogger<LocalShardQueue> logger, DashboardFeed feed, InMemorySendLedger ledger)
    {
        _feed = feed;
        _ledger = ledger;
        _services = services;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>How many shards are queued or running.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public Task EnqueueAsync(IReadOnlyList<ShardWork> shards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        // Queued from a publish (or a shard) the dashboard follows: the shard reports to the same publish when it runs.
        var record = PublishTrace.Current?.Record;
        foreach (var shard in shards)
        {
            Interlocked.Increment(ref _waiting);
            _channel.Writer.TryWrite(new QueuedShard(Guid.NewGuid().ToString(), Encoding.UTF8.GetString(shard.ToUtf8Json()), 1, shard.SendId, record));
        }

        return Task.CompletedTask;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var function = _services.GetRequiredService<PublishFunction>();
        return Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => RunWorkerAsync(function, stoppingToken)));
    }

    private async Task RunWorkerAsync(PublishFunction function, CancellationToken stoppingToken)
    {
        try
        {
            while (await _channel.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                var batch = new List<QueuedShard>(BatchSize);
                while (batch.Count < BatchSize && _channel.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count > 0)
                {
                    await InvokeAsync(function, batch, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task InvokeAsync(PublishFunction function, List<QueuedShard> batch, CancellationToken stoppingToken)
    {
        var queueEvent = new SqsEvent
        {
            Records = [.. batch.Select(shard => new SqsMessage { MessageId = shard.MessageId, Body = shard.Body, EventSource = "aws:sqs" })],
        };
        var payload = JsonSerializer.SerializeToUtf8Bytes(queueEvent, ApiGatewayJson.Context.SqsEvent);
        using var deadline = new CancellationTokenSource(PublishTimeout, _timeProvider);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        // The invocation's posts and metrics records go to the publish its shard belongs to (a batch holds one shard).
        var trace = new PublishTrace(batch[0].Record);
        PublishTrace.Current = trace;
        Functions.Runtime.FunctionResult result;
        try
        {
            result = await function.InvokeAsync(payload, token.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // As Lambda would report a function error: the whole batch goes back.
            GatewayLog.ShardBatchThrew(_logger, exception, batch.Count);
            result = Functions.Runtime.FunctionResult.Failure("Unhandled", exception.GetType().Name);
        }

        var handedBack = result.Response is { } response
            ? JsonSerializer.Deserialize(response, ApiGatewayJson.Context.SqsBatchResponse)?.BatchItemFailures.Select(failure => failure.ItemIdentifier).ToHashSet(StringComparer.Ordinal) ?? []
            : batch.Select(shard => shard.MessageId).ToHashSet(StringComparer.Ordinal);
        foreach (var shard in batch)
        {
            if (!handedBack.Contains(shard.MessageId))
            {
                Interlocked.Decrement(ref _waiting);
                await ReportFinishedAsync(shard, trace, stoppingToken).ConfigureAwait(false);
            }
            else if (shard.Receives >= MaxReceives)
            {
                Interlocked.Decrement(ref _waiting);
                GatewayLog.ShardDropped(_logger, shard.MessageId, shard.Receives);
            }
            else
            {
                _ = RequeueLaterAsync(shard with { Receives = shard.Receives + 1 }, stoppingToken);
            }
        }
    }

    /// <summary>Puts a finished shard in the dashboard's feed: what it did, and how many of its send's shards are done (the ledger's count).</summary>
    private async Task ReportFinishedAsync(QueuedShard shard, PublishTrace trace, CancellationToken stoppingToken)
    {
        SendSummary? summary;
        try
        {
            summary = await _ledger.GetAsync(shard.SendId, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var counts = trace.Metrics;
        var finished = new ShardEvent(
            shard.SendId,
            summary?.Shards.Done ?? 0,
            summary?.Shards.Total ?? 0,
            counts?.Recipients ?? 0,
            counts?.Delivered ?? 0,
            counts?.Gone ?? 0,
            counts?.Throttled ?? 0,
            counts?.Failed ?? 0);
        if (shard.Record is { } record)
        {
            record.ShardFinished(_feed, finished);
        }
        else
        {
            _feed.Publish(finished);
        }
    }

    private async Task RequeueLaterAsync(QueuedShard shard, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(RetryDelay, _timeProvider, stoppingToken).ConfigureAwait(false);
            _channel.Writer.TryWrite(shard);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A shard on the queue: the message id SQS would give it (its redeliveries keep it), its body, how many times it has been handed out, its send, and the publish the dashboard follows it under (null when none).</summary>
    private sealed record QueuedShard(string MessageId, string Body, int Receives, string SendId, PublishRecord? Record);
}
