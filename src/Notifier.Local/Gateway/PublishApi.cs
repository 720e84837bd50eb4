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

    private async Task AnswerQueryAsync(HttpContext context)
    {
        (int Status, string Body) answer;
        try
        {
            answer = await _queries.AnswerAsync(RawPath.Of(context), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            GatewayLog.QueryFailed(_logger, exception);
            answer = (503, ErrorBody.For("the connection store is unavailable; try again"));
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
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

        var report = await _sender.SendAsync(request!, context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(DeliveryReportJson.From(report), DeliveryJsonContext.Default.DeliveryReportJson, cancellationToken: context.RequestAborted)
            .ConfigureAwait(false);
    }
}
