using Notifier.Auth.Authorization;

namespace Notifier.Functions.Handlers;

/// <summary>What <see cref="AuthorizerEventReader"/> keeps of a REQUEST authorizer event.</summary>
/// <param name="MethodArn">The event's <c>methodArn</c>; null when absent or null (the caller answers <c>Unauthorized</c>).</param>
/// <param name="ConnectionId"><c>requestContext.connectionId</c>, for logging only.</param>
/// <param name="Request">The token query values and the <c>Authorization</c> and <c>Origin</c> headers.</param>
internal readonly record struct AuthorizerEvent(string? MethodArn, string? ConnectionId, AuthorizationRequest Request);
