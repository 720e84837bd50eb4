using System.Text;
using System.Text.Json.Nodes;

namespace Notifier.Testing.Events;

/// <summary>The sample API Gateway events in <c>events/</c>, loaded as editable JSON so tests can vary one field.</summary>
public static class SampleEvents
{
    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("events", name + ".json")))!.AsObject();

    /// <summary>A sample event whose <c>connectedAt</c> is <paramref name="connectedAt"/> (now by default), so its record has not expired.</summary>
    public static JsonObject LoadConnectedAt(string name, DateTimeOffset? connectedAt = null)
    {
        var apiGatewayEvent = Load(name);
        apiGatewayEvent["requestContext"]!["connectedAt"] = (connectedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds();
        return apiGatewayEvent;
    }

    /// <summary>The authorizer sample with its token placeholder replaced (or removed when <paramref name="token"/> is null).</summary>
    public static JsonObject Authorizer(string? token)
    {
        var authorizerEvent = Load("authorizer");
        SetQuery(authorizerEvent, "token", token is null ? [] : [token]);
        return authorizerEvent;
    }

    /// <summary>Sets every value of a query parameter in both the single- and multi-value maps.</summary>
    public static void SetQuery(JsonObject apiGatewayEvent, string name, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(apiGatewayEvent);
        ArgumentNullException.ThrowIfNull(values);
        var single = apiGatewayEvent["queryStringParameters"] as JsonObject ?? [];
        var multi = apiGatewayEvent["multiValueQueryStringParameters"] as JsonObject ?? [];
        single.Remove(name);
        multi.Remove(name);
        if (values.Count > 0)
        {
            single[name] = values[^1];
            multi[name] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
        }

        apiGatewayEvent["queryStringParameters"] = single;
        apiGatewayEvent["multiValueQueryStringParameters"] = multi;
    }

    /// <summary>Sets (or with null removes) a header in both header maps.</summary>
    public static void SetHeader(JsonObject apiGatewayEvent, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(apiGatewayEvent);
        foreach (var map in new[] { "headers", "multiValueHeaders" })
        {
            var headers = apiGatewayEvent[map] as JsonObject ?? [];
            headers.Remove(name);
            if (value is not null)
            {
                headers[name] = map == "headers" ? value : new JsonArray(value);
            }

            apiGatewayEvent[map] = headers;
        }
    }

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
