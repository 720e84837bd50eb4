using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core.Delivery;
using Notifier.Core.Topics;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Handlers;

/// <summary>The publish function for backend services: <c>POST /notifications</c> on an HTTP API, and an SQS queue.</summary>
/// <remarks>
/// Both take the body <c>{"userId"|"userIds"|"connectionId"|"topic", "message"}</c>. Over HTTP the answer is the
/// delivery report (400 or 413 with a reason for a bad request). From SQS, a message is returned to the
/// queue only when nothing could be sent (the store was unreachable) or it cannot be read (after the
/// queue's retries it lands in the dead-letter queue); a send that reached some connections is not
/// retried, since that would deliver twice to the others. The HTTP API also answers
/// <c>GET /users/{userId}/presence</c> and <c>GET /topics/{topic}/members</c> (<see cref="PresenceQueries"/>).
/// </remarks>
internal sealed class PublishFunction : ILambdaFunction
{
    private readonly NotificationSender _sender;
    private readonly PresenceQueries _queries;
    private readonly ILogger<PublishFunction> _logger;

    public PublishFunction(NotificationSender sender, ILogger<PublishFunction> logger)
    {
        _sender = sender;
        _queries = new PresenceQueries(sender);
        _logger = logger;
    }

    public string Name => "publish";

    public async Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        SqsEvent? batch = null;
        HttpApiRequest? request = null;
        try
        {
            batch = JsonSerializer.Deserialize(payload.Span, ApiGatewayJson.Context.SqsEvent);
            request = batch?.Records is null ? JsonSerializer.Deserialize(payload.Span, ApiGatewayJson.Context.HttpApiRequest) : null;
        }
        catch (JsonException)
        {
        }

        if (batch?.Records is { } records)
        {
            var response = await HandleQueueAsync(records, cancellationToken).ConfigureAwait(false);
            return FunctionResult.Success(JsonSerializer.SerializeToUtf8Bytes(response, ApiGatewayJson.Context.SqsBatchResponse));
        }

        var httpResponse = request is null
            ? HttpApiResponse.Json(400, ErrorBody.For("event is neither an HTTP API request nor an SQS batch"))
            : await HandleHttpAsync(request, cancellationToken).ConfigureAwait(false);
        return FunctionResult.Success(JsonSerializer.SerializeToUtf8Bytes(httpResponse, ApiGatewayJson.Context.HttpApiResponse));
    }

    private async Task<HttpApiResponse> HandleHttpAsync(HttpApiRequest request, CancellationToken cancellationToken)
    {
        if (request.RouteKey?.StartsWith("GET ", StringComparison.Ordinal) == true)
        {
            return await AnswerOrUnavailableAsync(
                async () =>
                {
                    var (status, body) = await _queries.AnswerAsync(request.RawPath ?? string.Empty, cancellationToken).ConfigureAwait(false);
                    return HttpApiResponse.Json(status, body);
                },
                cancellationToken).ConfigureAwait(false);
        }

        var body = ReadBody(request.Body, request.IsBase64Encoded);
        if (!PublishRequest.TryParse(body, out var publish, out var error, out var tooLarge))
        {
            return HttpApiResponse.Json(tooLarge ? 413 : 400, ErrorBody.For(error!));
        }

        return await AnswerOrUnavailableAsync(
            async () =>
            {
                var report = await _sender.SendAsync(publish!, cancellationToken).ConfigureAwait(false);
                return HttpApiResponse.Json(200, JsonSerializer.Serialize(DeliveryReportJson.From(report), DeliveryJsonContext.Default.DeliveryReportJson));
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="answer"/>; a failing store is 503, so the caller knows to retry.</summary>
    private async Task<HttpApiResponse> AnswerOrUnavailableAsync(Func<Task<HttpApiResponse>> answer, CancellationToken cancellationToken)
    {
        try
        {
            return await answer().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PublishLog.SendFailed(_logger, exception, "http");
            return HttpApiResponse.Json(503, ErrorBody.StoreUnavailable);
        }
    }

    private async Task<SqsBatchResponse> HandleQueueAsync(List<SqsMessage> records, CancellationToken cancellationToken)
    {
        var response = new SqsBatchResponse();
        foreach (var record in records)
        {
            var id = record.MessageId ?? string.Empty;
            if (!PublishRequest.TryParse(ReadBody(record.Body, isBase64Encoded: false), out var publish, out var error))
            {
                PublishLog.Unreadable(_logger, id, error!);
                response.BatchItemFailures.Add(new SqsBatchItemFailure { ItemIdentifier = id });
                continue;
            }

            try
            {
                var report = await _sender.SendAsync(publish!, cancellationToken).ConfigureAwait(false);
                PublishLog.Published(_logger, id, report.Delivered.Count, report.Gone.Count, report.Failed.Count);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                PublishLog.SendFailed(_logger, exception, id);
                response.BatchItemFailures.Add(new SqsBatchItemFailure { ItemIdentifier = id });
            }
        }

        return response;
    }

    private static byte[] ReadBody(string? body, bool isBase64Encoded)
    {
        if (body is null)
        {
            return [];
        }

        try
        {
            return isBase64Encoded ? Convert.FromBase64String(body) : Encoding.UTF8.GetBytes(body);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
