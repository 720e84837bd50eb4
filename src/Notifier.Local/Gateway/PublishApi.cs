using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core.Delivery;
using Notifier.Functions.Handlers;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Gateway;

/// <summary><c>POST /notifications</c>: the publish API for backend services in any language, answered with the delivery report.</summary>
/// <remarks>
/// Body: <c>{"userId":"...","message":&lt;JSON&gt;}</c>, or <c>userIds</c> (an array), <c>connectionId</c> or <c>topic</c>
/// (with an optional <c>excludeConnectionId</c>) instead of <c>userId</c>. Every recipient socket receives the
/// message's compact JSON text. <c>GET /users/{userId}/presence</c> and <c>GET /topics/{topic}/members</c> answer
/// presence and topic member counts, <c>GET /users/{userId}/messages</c> and <c>GET /topics/{topic}/messages</c> (with
/// <c>after</c> and <c>limit</c> in the query string) a stream's stored messages. Each request goes to the publish
/// function's HTTP handling as the HTTP API event it would be on AWS, so the rules and answers are the Lambda's own.
/// </remarks>
internal sealed class PublishApi
{
    /// <summary>Lambda's limit on a synchronous invocation's payload, so that a long <c>userIds</c> list is accepted as on AWS.</summary>
    private const int MaxRequestBytes = 6 * 1024 * 1024;

    private readonly PublishFunction _function;
    private readonly DashboardFeed _feed;
    private readonly RecentPublishes _log;
    private readonly MetricsHistory _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly int _maxMessageBytes;
    private readonly ILogger<PublishApi> _logger;

    public PublishApi(PublishFunction function, DashboardFeed feed, RecentPublishes log, MetricsHistory metrics, TimeProvider timeProvider, GatewayOptions options, ILogger<PublishApi> logger)
    {
        _logger = logger;
        _function = function;
        _feed = feed;
        _log = log;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _maxMessageBytes = options.MaxMessageBytes;
    }

    public void Map(WebApplication app)
    {
        app.MapPost("/notifications", PublishAsync);
        app.MapGet("/users/{**rest}", QueryAsync);
        app.MapGet("/topics/{**rest}", QueryAsync);
        app.MapGet("/notifications/{**rest}", QueryAsync);
    }

    private Task QueryAsync(HttpContext context) => AnswerAsync(
        context,
        new HttpApiRequest
        {
            RouteKey = "GET " + context.Request.Path,
            RawPath = RawPath.Of(context),
            // As API Gateway's rawQueryString: without the "?", escapes intact.
            RawQueryString = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty,
        });

    private async Task PublishAsync(HttpContext context)
    {
        // The body is read up to a limit before it is parsed, so an oversized request never fills memory.
        var body = await RequestBody.ReadAsync(context.Request, MaxRequestBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            Observe([], 413, null, new PublishTrace(new PublishRecord()), TimeSpan.Zero);
            await ManagementApi.ErrorAsync(context, 413, "PayloadTooLargeException", "request is too large").ConfigureAwait(false);
            return;
        }

        var request = new HttpApiRequest
        {
            RouteKey = "POST /notifications",
            RawPath = RawPath.Of(context),
            Body = Convert.ToBase64String(body),
            IsBase64Encoded = true,
        };
        var trace = new PublishTrace(new PublishRecord());
        var started = _timeProvider.GetTimestamp();
        var response = await HandleTracedAsync(request, trace, context.RequestAborted).ConfigureAwait(false);
        Observe(body, response.StatusCode, response.Body, trace, _timeProvider.GetElapsedTime(started));
        await AnswerAsync(context, response).ConfigureAwait(false);
    }

    /// <summary>Runs the publish function with <paramref name="trace"/> as the flow's <see cref="PublishTrace.Current"/>, which ends with this method.</summary>
    private async Task<HttpApiResponse> HandleTracedAsync(HttpApiRequest request, PublishTrace trace, CancellationToken cancellationToken)
    {
        PublishTrace.Current = trace;
        return await _function.HandleHttpAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps the publish for <c>GET /_local/publishes/{id}</c>, counts it in the charts and puts it in the feed.</summary>
    /// <remarks>A failure here is logged and never reaches the caller: the publish has happened, and a 500 would make a backend send it again.</remarks>
    private void Observe(byte[] body, int status, string? answer, PublishTrace trace, TimeSpan elapsed)
    {
        try
        {
            Record(body, status, answer, trace, elapsed);
        }
        catch (Exception exception)
        {
            GatewayLog.PublishNotObserved(_logger, exception, status);
        }
    }

    private void Record(byte[] body, int status, string? answer, PublishTrace trace, TimeSpan elapsed)
    {
        var record = trace.Record!;
        var report = ParseJson(answer);
        var (target, message) = ReadRequest(body);
        var accepted = status == 202;
        var publishId = (accepted ? StringOf(report, "messageId") : StringOf(report, "id")) ?? Guid.NewGuid().ToString("N");
        if (status == 200 && report is { } synchronous && synchronous.TryGetProperty("gone", out var gone) && gone.ValueKind == JsonValueKind.Array)
        {
            // A connection the store no longer knew was never posted to, yet the report counts it gone.
            foreach (var connectionId in gone.EnumerateArray().Select(id => id.GetString()).OfType<string>().Where(id => !record.HasOutcome(id)))
            {
                record.AddOutcome(connectionId, null, "gone");
            }
        }

        record.Answered(publishId, DashboardFeed.Iso(_timeProvider.GetUtcNow()), target, message, status, report);
        _log.Add(publishId, record);
        if (status is 200 or 202)
        {
            _metrics.RecordPublish();
        }

        var counts = accepted ? null : trace.Metrics;
        record.Announce(_feed, new PublishEvent(
            publishId,
            target,
            counts?.Recipients ?? 0,
            counts?.Delivered ?? 0,
            counts?.Gone ?? 0,
            counts?.Throttled ?? 0,
            counts?.Failed ?? 0,
            Math.Round((counts?.Duration ?? elapsed).TotalMilliseconds, 3),
            accepted ? IntOf(report, "shards") ?? trace.Metrics?.ShardsQueued ?? 0 : null,
            StreamsOf(report),
            status)
        {
            UserId = target?.Kind == "user" ? target.Value : null,
            Topic = target?.Kind == "topic" ? target.Value : null,
            ConnectionId = target?.Kind == "connection" ? target.Value : null,
        });
    }

    /// <summary>Whom the request addressed and its message, as far as it can be read; the message only while it is within a message's size.</summary>
    /// <remarks>A body the function refused may be anything: text that is not UTF-8 throws as its strings are read, and is shown as unreadable.</remarks>
    private (PublishTarget? Target, JsonElement? Message) ReadRequest(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            JsonElement? message = root.TryGetProperty("message", out var value) && value.GetRawText().Length <= _maxMessageBytes ? value.Clone() : null;
            return (TargetOf(root), message);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }

    private static PublishTarget? TargetOf(JsonElement root)
    {
        if (root.TryGetProperty("userId", out var userId) && userId.ValueKind == JsonValueKind.String)
        {
            return new PublishTarget("user", userId.GetString());
        }

        if (root.TryGetProperty("userIds", out var userIds) && userIds.ValueKind == JsonValueKind.Array)
        {
            var count = userIds.GetArrayLength();
            return new PublishTarget("users", count == 1 ? "1 user" : string.Create(CultureInfo.InvariantCulture, $"{count} users"));
        }

        if (root.TryGetProperty("topic", out var topic) && topic.ValueKind == JsonValueKind.String)
        {
            return new PublishTarget("topic", topic.GetString());
        }

        if (root.TryGetProperty("connectionId", out var connectionId) && connectionId.ValueKind == JsonValueKind.String)
        {
            return new PublishTarget("connection", connectionId.GetString());
        }

        return root.TryGetProperty("broadcast", out var broadcast) && broadcast.ValueKind == JsonValueKind.True ? new PublishTarget("broadcast", null) : null;
    }

    private static JsonElement? ParseJson(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    private static int? IntOf(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) && property.TryGetInt32(out var number) ? number : null;

    private static Dictionary<string, long>? StreamsOf(JsonElement? report)
    {
        if (report is not { ValueKind: JsonValueKind.Object } value || !value.TryGetProperty("streams", out var streams) || streams.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var stream in streams.EnumerateObject())
        {
            if (stream.Value.TryGetInt64(out var seq))
            {
                numbers[stream.Name] = seq;
            }
        }

        return numbers.Count == 0 ? null : numbers;
    }

    private async Task AnswerAsync(HttpContext context, HttpApiRequest request)
    {
        var response = await _function.HandleHttpAsync(request, context.RequestAborted).ConfigureAwait(false);
        await AnswerAsync(context, response).ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context, HttpApiResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers ?? [])
        {
            context.Response.Headers[name] = value;
        }

        if (response.StatusCode is 400 or 413 && HttpMethods.IsPost(context.Request.Method))
        {
            // A refused publish names its error type as the gateway's other refusals do; SDK clients read it.
            context.Response.Headers["x-amzn-ErrorType"] = "BadRequestException";
        }

        await context.Response.WriteAsync(response.Body ?? string.Empty, context.RequestAborted).ConfigureAwait(false);
    }
}
