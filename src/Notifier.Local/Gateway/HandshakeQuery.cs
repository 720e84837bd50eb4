using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Notifier.Local.Gateway;

/// <summary>A handshake's query string, parsed once for the identity source and the events.</summary>
/// <remarks>
/// Parsed here rather than through <see cref="HttpRequest.Query"/>, which keeps its parsed copy (the token included) on
/// the request, and a WebSocket's request lives as long as the socket.
/// </remarks>
internal sealed class HandshakeQuery
{
    private HandshakeQuery(Dictionary<string, StringValues> values)
    {
        Values = values;
    }

    public Dictionary<string, StringValues> Values { get; }

    /// <summary>The authorizer's identity source, <c>route.request.querystring.token</c>: present and not empty.</summary>
    public bool HasToken => Values.TryGetValue("token", out var token) && token.Any(value => !string.IsNullOrEmpty(value));

    public static HandshakeQuery Of(HttpRequest request) =>
        new(QueryHelpers.ParseNullableQuery(request.QueryString.Value) ?? new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase));
}
