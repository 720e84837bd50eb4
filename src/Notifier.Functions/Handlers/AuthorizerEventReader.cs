using System.Text.Json;
using System.Text.Unicode;
using Notifier.Auth.Authorization;

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
/// <para>Malformed, so <see cref="TryRead"/> returns false and the authorizer answers <c>Unauthorized</c>: an empty
/// payload, invalid JSON or UTF-8 anywhere, nesting deeper than 32, trailing content, a root that is not an object,
/// or a wrong type in a field read here (a number as a header value, a string where a value list belongs). Unlike
/// the deserializer, a wrong type in a field the authorizer never reads (<c>stageVariables</c>,
/// <c>requestContext.connectedAt</c>) is not checked: it cannot change the decision.</para>
/// </remarks>
internal static partial class AuthorizerEventReader
{
    private const string AuthorizationHeader = "Authorization";
    private const string OriginHeader = "Origin";

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 32 };

    /// <summary>Reads <paramref name="payload"/>; false when it is not a well-formed authorizer event. Never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out AuthorizerEvent authorizerEvent)
    {
        authorizerEvent = default;
        if (payload.IsEmpty || !Utf8.IsValid(payload))
        {
            return false;
        }

        try
        {
            return TryReadEvent(payload, out authorizerEvent);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A \u escape that is not valid UTF-16 (a lone surrogate) cannot become a string.
            return false;
        }
    }

    private static bool TryReadEvent(ReadOnlySpan<byte> payload, out AuthorizerEvent authorizerEvent)
    {
        authorizerEvent = default;
        var reader = new Utf8JsonReader(payload, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var fields = new Fields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryReadProperty(ref reader, ref fields))
            {
                return false;
            }
        }

        // The root object must be closed, with nothing after it (the reader throws on most trailing content).
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return false;
        }

        var request = new AuthorizationRequest(
            fields.MultiTokens.ToList(fields.SingleToken),
            fields.MultiAuthorization.First ?? fields.Authorization.First,
            fields.MultiOrigin.First ?? fields.Origin.First);
        authorizerEvent = new AuthorizerEvent(fields.MethodArn, fields.ConnectionId, request);
        return true;
    }

    private static bool TryReadProperty(ref Utf8JsonReader reader, ref Fields fields)
    {
        if (reader.ValueTextEquals("methodArn"u8))
        {
            return reader.Read() && TryGetString(ref reader, keep: true, out fields.MethodArn);
        }

        if (reader.ValueTextEquals("headers"u8))
        {
            return TryReadHeaders(ref reader, multiValue: false, ref fields.Authorization, ref fields.Origin);
        }

        if (reader.ValueTextEquals("multiValueHeaders"u8))
        {
            return TryReadHeaders(ref reader, multiValue: true, ref fields.MultiAuthorization, ref fields.MultiOrigin);
        }

        if (reader.ValueTextEquals("queryStringParameters"u8))
        {
            return TryReadQuery(ref reader, ref fields.SingleToken);
        }

        if (reader.ValueTextEquals("multiValueQueryStringParameters"u8))
        {
            return TryReadMultiValueQuery(ref reader, ref fields.MultiTokens);
        }

        if (reader.ValueTextEquals("requestContext"u8))
        {
            return TryReadRequestContext(ref reader, out fields.ConnectionId);
        }

        return reader.Read() && reader.TrySkip();
    }

    private static bool TryReadRequestContext(ref Utf8JsonReader reader, out string? connectionId)
    {
        connectionId = null;
        if (!TryStartMap(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var ok = reader.ValueTextEquals("connectionId"u8)
                ? reader.Read() && TryGetString(ref reader, keep: true, out connectionId)
                : reader.Read() && reader.TrySkip();
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Moves to a map's value: an object (true) or null (true, <paramref name="isNull"/>); anything else is false.</summary>
    private static bool TryStartMap(ref Utf8JsonReader reader, out bool isNull)
    {
        isNull = false;
        if (!reader.Read())
        {
            return false;
        }

        isNull = reader.TokenType == JsonTokenType.Null;
        return isNull || reader.TokenType == JsonTokenType.StartObject;
    }

    /// <summary>A string or null value; any other type is malformed. Allocates the string only when <paramref name="keep"/>.</summary>
    private static bool TryGetString(ref Utf8JsonReader reader, bool keep, out string? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = keep ? reader.GetString() : null;
                return true;
            case JsonTokenType.Null:
                return true;
            default:
                return false;
        }
    }

    private struct Fields
    {
        public string? MethodArn;
        public string? ConnectionId;
        public string? SingleToken;
        public TokenValues MultiTokens;
        public FirstValue Authorization;
        public FirstValue Origin;
        public FirstValue MultiAuthorization;
        public FirstValue MultiOrigin;
    }
}
