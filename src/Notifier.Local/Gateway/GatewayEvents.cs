using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Notifier.Aws.Events;

namespace Notifier.Local.Gateway;

/// <summary>Builds the events API Gateway would send to each function, field for field.</summary>
internal sealed class GatewayEvents
{
    private readonly GatewayOptions _options;
    private readonly TimeProvider _timeProvider;

    public GatewayEvents(GatewayOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    public WebSocketAuthorizerRequest Authorizer(HttpRequest request, HandshakeQuery query, string connectionId, ConnectionIdentity identity) => new()
    {
        Type = "REQUEST",
        MethodArn = _options.MethodArn("$connect"),
        Headers = SingleValues(request.Headers),
        MultiValueHeaders = MultiValues(request.Headers),
        QueryStringParameters = SingleValues(query.Values),
        MultiValueQueryStringParameters = MultiValues(query.Values),
        StageVariables = [],
        RequestContext = Context("$connect", "CONNECT", connectionId, identity, request.Host.Value ?? string.Empty),
    };

    public WebSocketEvent Connect(HttpRequest request, HandshakeQuery query, string connectionId, ConnectionIdentity identity, JsonElement authorizer)
    {
        var context = Context("$connect", "CONNECT", connectionId, identity, request.Host.Value ?? string.Empty);
        context.Authorizer = AuthorizerEntries(authorizer);
        return new WebSocketEvent
        {
            Headers = SingleValues(request.Headers),
            MultiValueHeaders = MultiValues(request.Headers),
            QueryStringParameters = SingleValues(query.Values),
            MultiValueQueryStringParameters = MultiValues(query.Values),
            RequestContext = context,
        };
    }

    public WebSocketEvent Message(LocalConnection connection, string domainName, string routeKey, string body, bool isBase64Encoded)
    {
        var context = Context(routeKey, "MESSAGE", connection.ConnectionId, connection.Identity, domainName);
        context.Authorizer = AuthorizerEntries(connection.Authorizer);
        context.MessageId = ConnectionIds.New();
        return new WebSocketEvent { RequestContext = context, Body = body, IsBase64Encoded = isBase64Encoded };
    }

    public WebSocketEvent Disconnect(LocalConnection connection, string domainName, CloseRequest close)
    {
        var context = Context("$disconnect", "DISCONNECT", connection.ConnectionId, connection.Identity, domainName);
        context.Authorizer = AuthorizerEntries(connection.Authorizer);
        context.DisconnectStatusCode = close.Status;
        context.DisconnectReason = close.Reason;
        return new WebSocketEvent
        {
            Headers = new Dictionary<string, string> { ["Host"] = domainName },
            MultiValueHeaders = new Dictionary<string, List<string>> { ["Host"] = [domainName] },
            RequestContext = context,
        };
    }

    private WebSocketRequestContext Context(string routeKey, string eventType, string connectionId, ConnectionIdentity identity, string domainName)
    {
        var now = _timeProvider.GetUtcNow();
        var requestId = ConnectionIds.New();
        return new WebSocketRequestContext
        {
            RouteKey = routeKey,
            EventType = eventType,
            ExtendedRequestId = requestId,
            RequestTime = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
            MessageDirection = "IN",
            Stage = _options.Stage,
            ConnectedAt = identity.ConnectedAt.ToUnixTimeMilliseconds(),
            RequestTimeEpoch = now.ToUnixTimeMilliseconds(),
            Identity = new RequestIdentity { SourceIp = identity.SourceIp, UserAgent = identity.UserAgent },
            RequestId = requestId,
            DomainName = domainName,
            ConnectionId = connectionId,
            ApiId = _options.ApiId,
        };
    }

    /// <summary>The authorizer context a connection keeps, as <c>requestContext.authorizer</c> carries it; a later duplicate key wins.</summary>
    internal static Dictionary<string, JsonElement> AuthorizerEntries(JsonElement context)
    {
        var entries = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var value in context.EnumerateObject())
        {
            entries[value.Name] = value.Value;
        }

        return entries;
    }

    private static Dictionary<string, string> SingleValues(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values) =>
        values.ToDictionary(pair => pair.Key, pair => pair.Value.Count > 0 ? pair.Value[^1] ?? string.Empty : string.Empty, StringComparer.Ordinal);

    private static Dictionary<string, List<string>> MultiValues(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values) =>
        values.ToDictionary(pair => pair.Key, pair => pair.Value.Select(v => v ?? string.Empty).ToList(), StringComparer.Ordinal);
}
