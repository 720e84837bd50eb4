using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Notifier.Core.Delivery;
using Notifier.Core.Topics;

namespace Notifier.Local.Gateway;

/// <summary><c>POST /notifications</c>: the publish API for backend services in any language, answered with the delivery report.</summary>
/// <remarks>
/// Body: <c>{"userId":"...","message":&lt;JSON&gt;}</c>, or <c>userIds</c> (an array), <c>connectionId</c> or <c>topic</c>
/// (with an optional <c>excludeConnectionId</c>) instead of <c>userId</c>. Every recipient socket receives the
/// message's compact JSON text. <c>GET /users/{userId}/presence</c> and <c>GET /topics/{topic}/members</c> answer
/// presence and topic member counts (<see cref="PresenceQueries"/>).
/// </remarks>
internal sealed class PublishApi
{
    private const int MaxRequestBytes = 2 * NotificationMessage.MaximumBytes;

    private readonly NotificationSender _sender;
    private readonly PresenceQueries _queries;
    private readonly ILogger<PublishApi> _logger;

    public PublishApi(NotificationSender sender, ILogger<PublishApi> logger)
    {
        _sender = sender;
        _queries = new PresenceQueries(sender);
        _logger = logger;
    }

    public void Map(WebApplication app)
    {
        app.MapPost("/notifications", HandleAsync);
        app.MapGet("/users/{**rest}", AnswerQueryAsync);
        app.MapGet("/topics/{**rest}", AnswerQueryAsync);
    }

    private Task AnswerQueryAsync(HttpContext context) =>
        AnswerOrUnavailableAsync(context, "a presence or topic members query", () => _queries.AnswerAsync(RawPath.Of(context), context.RequestAborted));

    /// <summary>Writes <paramref name="answer"/>'s JSON; a failing store is 503, so the caller knows to retry (as the publish function answers on AWS).</summary>
    private async Task AnswerOrUnavailableAsync(HttpContext context, string what, Func<Task<(int Status, string Body)>> answer)
    {
        (int Status, string Body) response;
        try
        {
            response = await answer().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            GatewayLog.StoreUnavailable(_logger, exception, what);
            response = (503, ErrorBody.StoreUnavailable);
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxRequestBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await ManagementApi.ErrorAsync(context, 413, "PayloadTooLargeException", "request is too large").ConfigureAwait(false);
            return;
        }

        if (!PublishRequest.TryParse(body, out var request, out var error, out var tooLarge))
        {
            await ManagementApi.ErrorAsync(context, tooLarge ? 413 : 400, "BadRequestException", error!).ConfigureAwait(false);
            return;
        }

        await AnswerOrUnavailableAsync(
            context,
            "a publish",
            async () =>
            {
                var report = await _sender.SendAsync(request!, context.RequestAborted).ConfigureAwait(false);
                return (200, JsonSerializer.Serialize(DeliveryReportJson.From(report), DeliveryJsonContext.Default.DeliveryReportJson));
            }).ConfigureAwait(false);
    }
}
