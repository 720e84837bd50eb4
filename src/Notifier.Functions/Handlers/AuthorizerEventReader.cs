using System.Text.Json;
using System.Text.Unicode;
using Notifier.Auth.Authorization;
using Notifier.Functions.Json;

namespace Notifier.Functions.Handlers;

/// <summary>Reads a REQUEST authorizer event in one forward pass, keeping only what the authorizer decides on.</summary>
/// <remarks>
/// <para>Kept: <c>methodArn</c>, every <c>token</c> query value, the first <c>Authorization</c> and <c>Origin</c>
/// header values, and <c>requestContext.connectionId</c>. Everything else is skipped, never materialised.</para>
/// <para>The results are those of deserializing <c>WebSocketAuthorizerRequest</c> and reading it with
/// <c>EventHeaders</c>: query names are case-sensitive and header names ordinal case-insensitive; a header's
/// multi-value entry wins over its single value; the tokens are the multi-value list plus the single value when it
/// is not already in the list. Duplicate keys resolve as the deserializer's dictionaries do: a repeated key keeps
/// its last value (a repeated <c>headers</c> or <c>requestContext</c> object replaces the earlier one whole), and
/// header names differing only in case are separate entries, ordered by where each first appeared.</para>
/// <para>Malformed, so <c>TryRead</c> returns false and the authorizer answers <c>Unauthorized</c>: an empty
/// payload, invalid JSON or UTF-8 anywhere, nesting deeper than 32, trailing content, a root that is not an object,
/// or a wrong type in a field read here (a number as a header value, a string where a value list belongs). Unlike
/// the deserializer, a wrong type in a field the authorizer never reads (<c>stageVariables</c>,
/// <c>requestContext.connectedAt</c>) is not checked: it cannot change the decision.</para>
/// </remarks>
internal static partial class AuthorizerEventReader
{
    private const string AuthorizationHeader = "Authorization";
    private const string OriginHeader = "Origin";
    private const int MaxDepth = 32;

    /// <summary>Reads <paramref name="payload"/>; false when it is not a well-formed authorizer event. Never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out AuthorizerEvent authorizerEvent) =>
        TryRead(payload, decodeOrigin: true, out authorizerEvent);

    /// <summary>
    /// Reads <paramref name="payload"/>, leaving the request's <c>Origin</c> null unless <paramref name="decodeOrigin"/>
    /// (without an allow-list the authorizer never looks at it); false when it is not a well-formed authorizer event.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, bool decodeOrigin, out AuthorizerEvent authorizerEvent)
    {
        authorizerEvent = default;
        if (payload.IsEmpty || !Utf8.IsValid(payload))
        {
            return false;
        }

        try
        {
            return TryReadEvent(payload, decodeOrigin, out authorizerEvent);
        }
        catch (JsonException)
        {
            // Not expected (the scanner has checked every escape before one is decoded), but never an exception out.
            return false;
        }
        catch (InvalidOperationException)
        {
            // A \u escape that is not valid UTF-16 (a lone surrogate) cannot become a string.
            return false;
        }
    }

    private static bool TryReadEvent(ReadOnlySpan<byte> payload, bool decodeOrigin, out AuthorizerEvent authorizerEvent)
    {
        authorizerEvent = default;
        var json = new JsonScanner(payload, MaxDepth);
        if (!json.TryStartObject())
        {
            return false;
        }

        var fields = new Fields();
        JsonStep step;
        while ((step = json.NextProperty(out var name)) == JsonStep.Item)
        {
            if (!TryReadProperty(ref json, payload, name, ref fields))
            {
                return false;
            }
        }

        // The root object must be closed, with nothing after it.
        if (step != JsonStep.End || !json.IsAtEnd())
        {
            return false;
        }

        var origin = decodeOrigin ? fields.MultiOrigin.First ?? fields.Origin.First : null;
        var request = new AuthorizationRequest(
            fields.MultiTokens.ToList(fields.SingleToken, payload),
            (fields.MultiAuthorization.First ?? fields.Authorization.First)?.GetString(payload),
            origin?.GetString(payload));
        authorizerEvent = new AuthorizerEvent(fields.MethodArn, fields.ConnectionId, request);
        return true;
    }

    private static bool TryReadProperty(ref JsonScanner json, ReadOnlySpan<byte> payload, JsonString name, ref Fields fields)
    {
        if (name.ValueEquals(payload, "methodArn"u8))
        {
            return TryReadText(ref json, payload, out fields.MethodArn);
        }

        if (name.ValueEquals(payload, "headers"u8))
        {
            return TryReadHeaders(ref json, payload, multiValue: false, ref fields.Authorization, ref fields.Origin);
        }

        if (name.ValueEquals(payload, "multiValueHeaders"u8))
        {
            return TryReadHeaders(ref json, payload, multiValue: true, ref fields.MultiAuthorization, ref fields.MultiOrigin);
        }

        if (name.ValueEquals(payload, "queryStringParameters"u8))
        {
            return TryReadQuery(ref json, payload, ref fields.SingleToken);
        }

        if (name.ValueEquals(payload, "multiValueQueryStringParameters"u8))
        {
            return TryReadMultiValueQuery(ref json, payload, ref fields.MultiTokens);
        }

        if (name.ValueEquals(payload, "requestContext"u8))
        {
            return TryReadRequestContext(ref json, payload, out fields.ConnectionId);
        }

        return json.TrySkipValue();
    }

    private static bool TryReadRequestContext(ref JsonScanner json, ReadOnlySpan<byte> payload, out JsonString? connectionId)
    {
        connectionId = null;
        if (!TryStartMap(ref json, out var isNull) || isNull)
        {
            return isNull;
        }

        JsonStep step;
        while ((step = json.NextProperty(out var name)) == JsonStep.Item)
        {
            if (!name.ValueEquals(payload, "connectionId"u8))
            {
                if (!json.TrySkipValue())
                {
                    return false;
                }
            }
            else if (TryReadOptionalString(ref json, out connectionId))
            {
                EnsureDecodable(payload, connectionId);
            }
            else
            {
                return false;
            }
        }

        return step == JsonStep.End;
    }

    /// <summary>Enters a map: an object (true) or null (true, <paramref name="isNull"/>); anything else is false.</summary>
    private static bool TryStartMap(ref JsonScanner json, out bool isNull)
    {
        isNull = json.Peek() == 'n';
        return isNull ? json.TryReadNull() : json.TryStartObject();
    }

    /// <summary>A string or null value, decoded; any other type is malformed.</summary>
    private static bool TryReadText(ref JsonScanner json, ReadOnlySpan<byte> payload, out string? value)
    {
        var read = TryReadOptionalString(ref json, out var text);
        value = text?.GetString(payload);
        return read;
    }

    /// <summary>
    /// Decodes an escaped value that is kept for later, throwing <see cref="InvalidOperationException"/> now (which
    /// <c>TryRead</c> reports as malformed) for one with a lone surrogate, as if it had been decoded while reading.
    /// Plain UTF-8 always decodes, so it is left for when it is used.
    /// </summary>
    private static void EnsureDecodable(ReadOnlySpan<byte> payload, JsonString? value)
    {
        if (value is { IsEscaped: true } escaped)
        {
            _ = escaped.GetString(payload);
        }
    }

    /// <summary>A string or null value, located but not decoded; any other type is malformed.</summary>
    private static bool TryReadOptionalString(ref JsonScanner json, out JsonString? value)
    {
        value = null;
        if (json.Peek() == 'n')
        {
            return json.TryReadNull();
        }

        if (!json.TryReadString(out var text))
        {
            return false;
        }

        value = text;
        return true;
    }

    private struct Fields
    {
        public string? MethodArn;
        public JsonString? ConnectionId;
        public JsonString? SingleToken;
        public TokenValues MultiTokens;
        public FirstValue Authorization;
        public FirstValue Origin;
        public FirstValue MultiAuthorization;
        public FirstValue MultiOrigin;
    }
}
