using Notifier.Auth.Authorization;
using Notifier.Functions.Json;

namespace Notifier.Functions.Handlers;

/// <summary>What <see cref="AuthorizerEventReader"/> keeps of a REQUEST authorizer event.</summary>
/// <param name="MethodArn">The event's <c>methodArn</c>; null when absent or null (the caller answers <c>Unauthorized</c>).</param>
/// <param name="ConnectionId">Where <c>requestContext.connectionId</c> lies in the payload: it is for logging only, so it is decoded only for a log line that is written.</param>
/// <param name="Request">The token query values and the <c>Authorization</c> and <c>Origin</c> headers.</param>
internal readonly record struct AuthorizerEvent(string? MethodArn, JsonString? ConnectionId, AuthorizationRequest Request)
{
    /// <summary><c>requestContext.connectionId</c>, decoded from <paramref name="payload"/> (the one this event was read from).</summary>
    public string? ConnectionIdIn(ReadOnlySpan<byte> payload) => ConnectionId?.GetString(payload);
}
