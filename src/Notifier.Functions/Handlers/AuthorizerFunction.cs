using Microsoft.Extensions.Logging;
using Notifier.Auth.Authorization;
using Notifier.Aws.Events;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Handlers;

/// <summary>The REQUEST authorizer: a handshake's token in, an IAM policy (or API Gateway's <c>Unauthorized</c>) out.</summary>
/// <remarks>
/// Allow and Deny are policies on the event's <c>methodArn</c>; no token at all, or an event that is
/// not an authorizer request, is the <c>Unauthorized</c> error that API Gateway answers with 401.
/// A key source that cannot be reached is any other error, which API Gateway answers with 500.
/// </remarks>
internal sealed class AuthorizerFunction : ILambdaFunction
{
    public const string UnauthorizedError = "Unauthorized";

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
        var isEvent = AuthorizerEventReader.TryRead(payload.Span, decodeOrigin: _authorizer.ChecksOrigin, out var authorizerEvent);
        if (!isEvent || authorizerEvent.MethodArn is not { Length: > 0 } methodArn)
        {
            LogDecision(authorizerEvent, payload, AuthorizationOutcome.Unauthorized, "malformed authorizer event");
            return FunctionResult.Failure(UnauthorizedError, UnauthorizedError);
        }

        var decision = await _authorizer.AuthorizeAsync(authorizerEvent.Request, cancellationToken).ConfigureAwait(false);
        LogDecision(authorizerEvent, payload, decision.Outcome, decision.Reason);
        return decision.Outcome switch
        {
            AuthorizationOutcome.Allow => FunctionResult.Success(AuthorizerPolicyWriter.Allow(decision.UserId!, decision.TokenExpiresAt, methodArn, decision.TopicsContext)),
            AuthorizationOutcome.Deny => FunctionResult.Success(AuthorizerPolicyWriter.Deny(methodArn)),
            AuthorizationOutcome.Unauthorized => FunctionResult.Failure(UnauthorizedError, UnauthorizedError),
            _ => FunctionResult.Failure("KeySourceUnavailable", decision.Reason),
        };
    }

    private void LogDecision(AuthorizerEvent authorizerEvent, ReadOnlyMemory<byte> payload, AuthorizationOutcome outcome, string reason)
    {
        if (HandlerLog.IsAuthorizerDecisionLogged(_logger, outcome))
        {
            HandlerLog.AuthorizerDecided(_logger, authorizerEvent.ConnectionIdIn(payload.Span), outcome, reason);
        }
    }

    /// <summary>The deserializing path the event reader replaced; kept as the reference its tests compare with.</summary>
    internal static AuthorizationRequest ToAuthorizationRequest(WebSocketAuthorizerRequest request) => new(
        EventHeaders.Query(request.QueryStringParameters, request.MultiValueQueryStringParameters, "token"),
        EventHeaders.Header(request.Headers, request.MultiValueHeaders, "Authorization"),
        EventHeaders.Header(request.Headers, request.MultiValueHeaders, "Origin"));
}
