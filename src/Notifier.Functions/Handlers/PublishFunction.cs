using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Core.Sharding;
using Notifier.Core.Topics;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Handlers;

/// <summary>The publish function for backend services: <c>POST /notifications</c> on an HTTP API, and an SQS queue.</summary>
/// <remarks>
/// <para>
/// Both take the body <c>{"userId"|"userIds"|"connectionId"|"topic"|"broadcast", "message"}</c>. A send with more
/// recipients than a shard holds is split (<see cref="ShardedSender"/>): its shards go on the queue, this function runs
/// them from there, and over HTTP the answer is <c>202</c> with the send's <c>messageId</c>, whose summed report
/// <c>GET /notifications/{messageId}</c> serves. A smaller send is made at once, and over HTTP the answer is its
/// delivery report (400 or 413 with a reason for a bad request).
/// </para>
/// <para>
/// From SQS, a record is returned to the queue when nothing could be sent (the store was unreachable), when it cannot
/// be read (after the queue's retries it lands in the dead-letter queue), and when the invocation's deadline comes
/// first: records not started and the record the deadline cut short go back, and the function still answers normally,
/// so the records already sent are deleted and not sent again. A record or shard cut short is retried whole, so
/// connections it reached before the deadline get it twice: delivery from the queue is at least once. Otherwise a send
/// that reached some connections is not retried, since that would deliver twice to the others.
/// </para>
/// <para>
/// The HTTP API also answers <c>GET /users/{userId}/presence</c> and <c>GET /topics/{topic}/members</c>, and a stream's
/// stored messages at <c>GET /users/{userId}/messages</c> and <c>GET /topics/{topic}/messages</c> (<see cref="HistoryRoute"/>). The local
/// gateway's publish API calls <see cref="HandleHttpAsync"/> and its in-process queue <see cref="InvokeAsync"/>, so
/// both answer alike.
/// </para>
/// </remarks>
internal sealed class PublishFunction : ILambdaFunction
{
    private const string UsersPrefix = "/users/";
    private const string PresenceSuffix = "/presence";
    private const string TopicsPrefix = "/topics/";
    private const string MembersSuffix = "/members";
    private const string NotificationsPrefix = "/notifications/";

    private readonly NotificationSender _sender;
    private readonly ILogger<PublishFunction> _logger;
    private readonly ShardedSender? _sharded;
    private readonly IDeliveryMetrics? _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly IMessageHistory? _history;

    /// <param name="sender">Sends to the recipients.</param>
    /// <param name="logger">The function's log.</param>
    /// <param name="sharded">Splits large sends into shards on the queue; null sends everything in the invocation that receives it.</param>
    /// <param name="metrics">Where each send, shard and split is counted; null counts nothing.</param>
    /// <param name="timeProvider">The clock that times the work for <paramref name="metrics"/>.</param>
    /// <param name="history">The stored streams that <c>GET .../messages</c> reads; null answers those routes 404.</param>
    public PublishFunction(
        NotificationSender sender,
        ILogger<PublishFunction> logger,
        ShardedSender? sharded = null,
        IDeliveryMetrics? metrics = null,
        TimeProvider? timeProvider = null,
        IMessageHistory? history = null)
    {
        _sender = sender;
        _logger = logger;
        _sharded = sharded;
        _metrics = metrics;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _history = history;
    }

    public string Name => "publish";

    public async Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (ReadQueueRecords(payload) is { } records)
        {
            var response = await HandleQueueAsync(records, cancellationToken).ConfigureAwait(false);
            return FunctionResult.Success(JsonSerializer.SerializeToUtf8Bytes(response, ApiGatewayJson.Context.SqsBatchResponse));
        }

        HttpApiRequest? request = null;
        try
        {
            request = JsonSerializer.Deserialize(payload.Span, ApiGatewayJson.Context.HttpApiRequest);
        }
        catch (JsonException)
        {
        }

        var httpResponse = request is null
            ? HttpApiResponse.Json(400, ErrorBody.For("event is neither an HTTP API request nor an SQS batch"))
            : await HandleHttpAsync(request, cancellationToken).ConfigureAwait(false);
        return FunctionResult.Success(JsonSerializer.SerializeToUtf8Bytes(httpResponse, ApiGatewayJson.Context.HttpApiResponse));
    }

    /// <summary>Answers a publish (any method but GET) or a presence query (GET), with 503 when the store fails so the caller knows to retry.</summary>
    public async Task<HttpApiResponse> HandleHttpAsync(HttpApiRequest request, CancellationToken cancellationToken = default)
    {
        PublishRequest? publish = null;
        if (request.RouteKey?.StartsWith("GET ", StringComparison.Ordinal) != true)
        {
            if (ReadBody(request.Body, request.IsBase64Encoded) is not { } body)
            {
                return HttpApiResponse.Json(400, ErrorBody.For("body is not valid base64, though the event says it is base64-encoded"));
            }

            if (!PublishRequest.TryParse(body, out publish, out var error, out var tooLarge))
            {
                return HttpApiResponse.Json(tooLarge ? 413 : 400, ErrorBody.For(error!));
            }
        }

        try
        {
            return publish is null
                ? await AnswerQueryAsync(request.RawPath ?? string.Empty, request.RawQueryString, cancellationToken).ConfigureAwait(false)
                : await PublishAsync(publish, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PublishLog.StoreUnavailable(_logger, exception, publish is null ? "a presence or topic members query" : "a publish");
            return HttpApiResponse.Json(503, ErrorBody.StoreUnavailable);
        }
    }

    /// <summary>Sends now and answers 200 with the report, or splits a large send into shards and answers 202 with its id.</summary>
    private async Task<HttpApiResponse> PublishAsync(PublishRequest publish, CancellationToken cancellationToken)
    {
        var outcome = await SendOrSplitAsync(publish, Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
        if (outcome.Report is { } report)
        {
            return HttpApiResponse.Json(200, JsonText.Readable(DeliveryReportJson.From(report), DeliveryJsonContext.Default.DeliveryReportJson));
        }

        var accepted = HttpApiResponse.Json(202, JsonText.Readable(new SendAccepted(outcome.SendId, outcome.ShardsQueued), ShardJsonContext.Default.SendAccepted));
        accepted.Headers!["location"] = NotificationsPrefix + outcome.SendId;
        return accepted;
    }

    /// <summary>Sends <paramref name="publish"/>, or splits it when it is large and sharding is on, and counts the work.</summary>
    private async Task<PublishOutcome> SendOrSplitAsync(PublishRequest publish, string sendId, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var outcome = _sharded is null
            ? new PublishOutcome(await _sender.SendAsync(publish, sendId, cancellationToken).ConfigureAwait(false), sendId, 0)
            : await _sharded.PublishAsync(publish, sendId, cancellationToken).ConfigureAwait(false);
        Measure(outcome.Report, started, outcome.ShardsQueued);
        return outcome;
    }

    private void Measure(DeliveryReport? report, long started, int shardsQueued)
    {
        var counts = report is null ? ShardCounts.Zero : ShardedSender.CountsOf(report);
        _metrics?.Record(new DeliveryMetrics(
            counts.Recipients, counts.Delivered, counts.Gone, counts.Throttled, counts.Failed, _timeProvider.GetElapsedTime(started), shardsQueued));
    }

    /// <summary>The summed report of a large send: 200, or 404 when no send has the id (reports are kept for a day).</summary>
    private async Task<HttpApiResponse> AnswerSendReportAsync(string sendId, CancellationToken cancellationToken)
    {
        var summary = sendId.Length == 0 || _sharded is null ? null : await _sharded.Ledger.GetAsync(sendId, cancellationToken).ConfigureAwait(false);
        return summary is null
            ? HttpApiResponse.Json(404, ErrorBody.For("no send has this id; the reports of large sends are kept for a day"))
            : HttpApiResponse.Json(200, JsonText.Readable(summary, ShardJsonContext.Default.SendSummary));
    }

    /// <summary>Presence, topic member counts, stream history (<see cref="HistoryRoute"/>) and the reports of large sends; 404 for any other path.</summary>
    /// <remarks>
    /// Paths are read raw (percent-escapes decoded here), so a user id may contain escaped <c>/</c> and a
    /// topic's own slashes need no escaping: <c>/topics/orders/42/members</c> is the topic <c>orders/42</c>.
    /// </remarks>
    private async Task<HttpApiResponse> AnswerQueryAsync(string rawPath, string? rawQueryString, CancellationToken cancellationToken)
    {
        if (Between(rawPath, UsersPrefix, PresenceSuffix) is { } userId)
        {
            if (userId.Length == 0)
            {
                return HttpApiResponse.Json(400, ErrorBody.For("name a user: /users/{userId}/presence"));
            }

            var presence = await _sender.GetPresenceAsync(userId, cancellationToken).ConfigureAwait(false);
            return HttpApiResponse.Json(200, JsonText.Readable(presence, TopicsJsonContext.Default.Presence));
        }

        if (Between(rawPath, TopicsPrefix, MembersSuffix) is { } topic)
        {
            if (TopicName.Problem(topic) is { } problem)
            {
                return HttpApiResponse.Json(400, ErrorBody.For(problem));
            }

            var members = await _sender.CountTopicMembersAsync(topic, cancellationToken).ConfigureAwait(false);
            return HttpApiResponse.Json(200, JsonText.Readable(members, TopicsJsonContext.Default.TopicMembers));
        }

        if (Between(rawPath, UsersPrefix, HistoryRoute.MessagesSuffix) is { } historyUser)
        {
            return historyUser.Length == 0
                ? HttpApiResponse.Json(400, ErrorBody.For("name a user: /users/{userId}/messages"))
                : await HistoryRoute.AnswerAsync(_history, StreamName.ForUser(historyUser), rawQueryString, _logger, cancellationToken).ConfigureAwait(false);
        }

        if (Between(rawPath, TopicsPrefix, HistoryRoute.MessagesSuffix) is { } historyTopic)
        {
            return TopicName.Problem(historyTopic) is { } problem
                ? HttpApiResponse.Json(400, ErrorBody.For(problem))
                : await HistoryRoute.AnswerAsync(_history, StreamName.ForTopic(historyTopic), rawQueryString, _logger, cancellationToken).ConfigureAwait(false);
        }

        if (Between(rawPath, NotificationsPrefix, string.Empty) is { } sendId)
        {
            return await AnswerSendReportAsync(sendId, cancellationToken).ConfigureAwait(false);
        }

        return HttpApiResponse.Json(404, ErrorBody.For("no such resource: GET /users/{userId}/presence, /users/{userId}/messages, /topics/{topic}/members, /topics/{topic}/messages or /notifications/{messageId}"));
    }

    private async Task<SqsBatchResponse> HandleQueueAsync(List<SqsMessage?> records, CancellationToken cancellationToken)
    {
        var response = new SqsBatchResponse();
        for (var index = 0; index < records.Count; index++)
        {
            // Without an id the failure names no record, which Lambda takes as the whole batch failing.
            var id = records[index]?.MessageId ?? string.Empty;
            if (cancellationToken.IsCancellationRequested)
            {
                // The deadline is near (the token fires a safety margin before it): answer now, with every record
                // not started going back to the queue, rather than let Lambda time out and return the whole batch.
                PublishLog.DeadlineReached(_logger, records.Count - index);
                foreach (var unstarted in records.Skip(index))
                {
                    ReturnToQueue(response, unstarted?.MessageId ?? string.Empty);
                }

                break;
            }

            var record = records[index];
            if (record?.Body is null)
            {
                PublishLog.Unreadable(_logger, id, "the record has no body, or its body is not valid UTF-8");
                ReturnToQueue(response, id);
                continue;
            }

            var body = Encoding.UTF8.GetBytes(record.Body);
            try
            {
                var finished = ShardWork.IsShard(body)
                    ? await RunShardAsync(body, id, cancellationToken).ConfigureAwait(false)
                    : await PublishRecordAsync(body, id, cancellationToken).ConfigureAwait(false);
                if (!finished)
                {
                    ReturnToQueue(response, id);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The deadline came while the recipients were looked up, before any post.
                PublishLog.Interrupted(_logger, id, 0);
                ReturnToQueue(response, id);
            }
            catch (Exception exception)
            {
                PublishLog.SendFailed(_logger, exception, id);
                ReturnToQueue(response, id);
            }
        }

        return response;
    }

    /// <summary>Sends one queued publish request, or splits it into shards; false when the record must go back to the queue.</summary>
    private async Task<bool> PublishRecordAsync(byte[] body, string id, CancellationToken cancellationToken)
    {
        if (!PublishRequest.TryParse(body, out var publish, out var error, out _))
        {
            PublishLog.Unreadable(_logger, id, error!);
            return false;
        }

        // The record's id names the send, so a redriven record queues copies of the same shards, and the ledger runs each once.
        var outcome = await SendOrSplitAsync(publish!, id.Length > 0 ? id : Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
        if (outcome.Report is not { } report)
        {
            PublishLog.Split(_logger, id, outcome.ShardsQueued);
            return true;
        }

        if (report.Interrupted)
        {
            PublishLog.Interrupted(_logger, id, report.Delivered.Count);
            return false;
        }

        PublishLog.Published(_logger, id, report.Delivered.Count, report.Gone.Count, report.Failed.Count);
        return true;
    }

    /// <summary>Runs one shard of a large send under its queue message; false when the record must go back to the queue.</summary>
    private async Task<bool> RunShardAsync(byte[] body, string id, CancellationToken cancellationToken)
    {
        if (_sharded is null)
        {
            PublishLog.Unreadable(_logger, id, "the record is a shard of a large send, and this function runs no shards (no shard queue is set)");
            return false;
        }

        if (!ShardWork.TryParse(body, out var shard, out var error))
        {
            PublishLog.Unreadable(_logger, id, error!);
            return false;
        }

        var started = _timeProvider.GetTimestamp();
        var outcome = await _sharded.RunShardAsync(shard!, id.Length > 0 ? id : Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
        if (outcome.Report is { } report)
        {
            Measure(report, started, outcome.ShardsQueued);
        }

        if (outcome.Status == ShardStatus.Interrupted)
        {
            PublishLog.Interrupted(_logger, id, outcome.Report!.Delivered.Count);
            return false;
        }

        PublishLog.ShardRan(_logger, id, shard!.SendId, shard.Id, outcome.Status);
        return true;
    }

    private static void ReturnToQueue(SqsBatchResponse response, string messageId) =>
        response.BatchItemFailures.Add(new SqsBatchItemFailure { ItemIdentifier = messageId });

    private static string? Between(string path, string prefix, string suffix) =>
        path.Length >= prefix.Length + suffix.Length
        && path.StartsWith(prefix, StringComparison.Ordinal)
        && path.EndsWith(suffix, StringComparison.Ordinal)
            ? Uri.UnescapeDataString(path[prefix.Length..^suffix.Length])
            : null;

    /// <summary>The body's bytes; null when it is marked base64 and is not.</summary>
    private static byte[]? ReadBody(string? body, bool isBase64Encoded)
    {
        if (body is null)
        {
            return [];
        }

        if (!isBase64Encoded)
        {
            return Encoding.UTF8.GetBytes(body);
        }

        try
        {
            return Convert.FromBase64String(body);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The records of an SQS batch; null when the event is not one.</summary>
    /// <remarks>
    /// The serializer refuses a whole batch when one record holds a string that is not valid UTF-8 (or an
    /// escaped lone surrogate), so such a batch is read again record by record: a record that cannot be
    /// read keeps its id when that can be read, has no body, and goes back to the queue alone instead of
    /// taking the readable records with it.
    /// </remarks>
    private static List<SqsMessage?>? ReadQueueRecords(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload.Span, ApiGatewayJson.Context.SqsEvent)?.Records is { } records ? [.. records] : null;
        }
        catch (JsonException)
        {
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Records", out var array)
                || array.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return [.. array.EnumerateArray().Select(ReadQueueRecord)];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SqsMessage ReadQueueRecord(JsonElement element)
    {
        try
        {
            return element.Deserialize(ApiGatewayJson.Context.SqsMessage) ?? new SqsMessage();
        }
        catch (JsonException)
        {
            return new SqsMessage { MessageId = ReadableString(element, "messageId") };
        }
    }

    private static string? ReadableString(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty(name, out var value)
            || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
