using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notifier.Auth.Authorization;
using Notifier.Aws.Events;
using Notifier.Core.Topics;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Handlers;

/// <summary>The REQUEST authorizer: a handshake's token in, an IAM policy (or API Gateway's <c>Unauthorized</c>) out.</summary>
/// <remarks>
/// Allow and Deny are policies on the event's <c>methodArn</c>; an Allow that would be over
/// <see cref="MaximumResultBytes"/> is a Deny; no token at all, or an event that is
/// not an authorizer request, is the <c>Unauthorized</c> error that API Gateway answers with 401.
/// A key source that cannot be reached is any other error, which API Gateway answers with 500.
/// </remarks>
internal sealed class AuthorizerFunction : ILambdaFunction
{
    public const string UnauthorizedError = "Unauthorized";

    /// <summary>The largest result API Gateway takes from an authorizer (8 KB), counted on the bytes returned.</summary>
    /// <remarks>
    /// The Allow policy carries the user id twice (principal and context), the topics context and the method
    /// ARN, each escaped as JSON: a user id of escaped characters and a full topics claim reach past it, though
    /// each is within its own limit. A larger Allow is a Deny with this reason, so the handshake gets a 403
    /// and a log line instead of an error from API Gateway.
    /// </remarks>
    public const int MaximumResultBytes = 8192;

    private static readonly string PolicyTooLarge = string.Create(CultureInfo.InvariantCulture, $"policy is over {MaximumResultBytes} bytes");

    private readonly ConnectionAuthorizer _authorizer;
    private readonly ILogger<AuthorizerFunction> _logger;

    public AuthorizerFunction(ConnectionAuthorizer authorizer, ILogger<AuthorizerFunction> logger)
    {
        _authorizer = authorizer;
        _logger = logger;
    }

    public string Name => "authorizer";

    public async Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var request = Read(payload.Span);
        var connectionId = request?.RequestContext?.ConnectionId;
        if (request?.MethodArn is not { Length: > 0 } methodArn)
        {
            HandlerLog.AuthorizerDecided(_logger, connectionId, AuthorizationDecision.Kind.Unauthorized, "malformed authorizer event");
            return FunctionResult.Failure(UnauthorizedError, UnauthorizedError);
        }

        var decision = await _authorizer.AuthorizeAsync(ToAuthorizationRequest(request), cancellationToken).ConfigureAwait(false);
        if (decision.Outcome == AuthorizationDecision.Kind.Allow)
        {
            var allow = Serialize(AuthorizerResponse.For(decision.UserId!, allow: true, methodArn, Context(decision)));
            if (allow.Length <= MaximumResultBytes)
            {
                HandlerLog.AuthorizerDecided(_logger, connectionId, decision.Outcome, decision.Reason);
                return FunctionResult.Success(allow);
            }

            // Cutting the user id or the topics short would connect the wrong user or silently take grants away.
            decision = AuthorizationDecision.Deny(PolicyTooLarge);
        }

        HandlerLog.AuthorizerDecided(_logger, connectionId, decision.Outcome, decision.Reason);
        return decision.Outcome switch
        {
            AuthorizationDecision.Kind.Deny => FunctionResult.Success(Serialize(AuthorizerResponse.For("anonymous", allow: false, methodArn))),
            AuthorizationDecision.Kind.Unauthorized => FunctionResult.Failure(UnauthorizedError, UnauthorizedError),
            _ => FunctionResult.Failure("KeySourceUnavailable", decision.Reason),
        };
    }

    /// <summary>The event, or null when it is not one: invalid JSON, a wrong type in any field, or a root that is not an object.</summary>
    internal static WebSocketAuthorizerRequest? Read(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, ApiGatewayJson.Context.WebSocketAuthorizerRequest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The tokens from both query maps (names case-sensitive), every <c>Authorization</c> value and the first
    /// <c>Origin</c> (names case-insensitive, a multi-value entry before the single one), as <see cref="EventHeaders"/> reads them.
    /// </summary>
    internal static AuthorizationRequest ToAuthorizationRequest(WebSocketAuthorizerRequest request) => new(
        EventHeaders.Query(request.QueryStringParameters, request.MultiValueQueryStringParameters, "token"),
        EventHeaders.Headers(request.Headers, request.MultiValueHeaders, "Authorization"),
        EventHeaders.Header(request.Headers, request.MultiValueHeaders, "Origin"));

    /// <summary>What every route reads back as <c>requestContext.authorizer</c> (see <see cref="ConnectionContext"/>).</summary>
    private static Dictionary<string, string> Context(AuthorizationDecision decision)
    {
        var context = new Dictionary<string, string>(3, StringComparer.Ordinal) { ["userId"] = decision.UserId! };
        if (decision.TokenExpiresAt is { } expiresAt)
        {
            context["tokenExpiresAt"] = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        if (decision.TopicsContext is { } topics)
        {
            context[TopicGrants.ContextKey] = topics;
        }

        return context;
    }

    private static byte[] Serialize(AuthorizerResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(response, ApiGatewayJson.Context.AuthorizerResponse);
}
