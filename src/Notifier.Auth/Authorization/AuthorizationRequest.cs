namespace Notifier.Auth.Authorization;

/// <summary>What the authorizer looks at in a WebSocket handshake, already taken out of the API Gateway event.</summary>
/// <param name="QueryTokens">Every value of the <c>token</c> query parameter (browsers cannot set headers).</param>
/// <param name="AuthorizationHeaders">Every value of the <c>Authorization</c> header, for clients that can set one.</param>
/// <param name="Origin">The <c>Origin</c> header browsers send with every WebSocket handshake.</param>
public sealed record AuthorizationRequest(
    IReadOnlyList<string> QueryTokens,
    IReadOnlyList<string> AuthorizationHeaders,
    string? Origin);
