using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Notifier.Core.Delivery;

namespace Notifier.Local.Gateway;

/// <summary><c>POST /notifications</c>: the publish API for backend services in any language, answered with the delivery report.</summary>
/// <remarks>
/// Body: <c>{"userId":"...","message":&lt;JSON&gt;}</c>, or <c>userIds</c> (an array) or <c>connectionId</c> instead of
/// <c>userId</c>. Every recipient socket receives the message's compact JSON text.
/// </remarks>
internal sealed class PublishApi
{
    private const int MaxRequestBytes = 2 * NotificationMessage.MaximumBytes;

    private readonly NotificationSender _sender;

    public PublishApi(NotificationSender sender)
    {
        _sender = sender;
    }

    public void Map(WebApplication app) => app.MapPost("/notifications", HandleAsync);

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
