using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core.Delivery;
using Notifier.Functions.Handlers;

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

    public PublishApi(PublishFunction function)
    {
        _function = function;
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
        await AnswerAsync(context, request).ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context, HttpApiRequest request)
    {
        var response = await _function.HandleHttpAsync(request, context.RequestAborted).ConfigureAwait(false);
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
