using System.Text;
using System.Text.Json.Nodes;
using Notifier.Core.Topics;
using Notifier.Functions.Handlers;
using Notifier.Testing.Events;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>What the authorizer takes from an event, and which events it refuses to read.</summary>
public sealed class AuthorizerFunctionEventTests
{
    private const string Arn = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/$connect";

    /// <summary>An event's properties, and the tokens (joined with |), <c>Authorization</c> and <c>Origin</c> the authorizer sees.</summary>
    public static TheoryData<string, string, string, string, string?> Requests => new()
    {
        { "Token_SingleOnly", """{"queryStringParameters":{"token":"a"}}""", "a", "", null },
        { "Token_MultiOnly_TwoValues", """{"multiValueQueryStringParameters":{"token":["a","b"]}}""", "a|b", "", null },
        { "Token_BothMaps_Same", """{"queryStringParameters":{"token":"a"},"multiValueQueryStringParameters":{"token":["a"]}}""", "a", "", null },
        { "Token_BothMaps_Different", """{"queryStringParameters":{"token":"s"},"multiValueQueryStringParameters":{"token":["m"]}}""", "m|s", "", null },
        { "Token_Multi_NullElements", """{"multiValueQueryStringParameters":{"token":[null,"a",null]}}""", "a", "", null },
        { "Token_NameIsCaseSensitive", """{"queryStringParameters":{"Token":"a","TOKEN":"b"}}""", "", "", null },
        { "Token_DuplicateKey_LastWins", """{"queryStringParameters":{"token":"a","token":"b"}}""", "b", "", null },
        { "Token_DuplicateMap_LastWins", """{"queryStringParameters":{"token":"a"},"queryStringParameters":{"other":"b"}}""", "", "", null },
        { "Header_LowerCase", """{"headers":{"origin":"https://o","authorization":"Bearer x"}}""", "", "Bearer x", "https://o" },
        { "Header_UpperCase_MultiOnly", """{"multiValueHeaders":{"ORIGIN":["https://o"],"AUTHORIZATION":["Bearer x"]}}""", "", "Bearer x", "https://o" },
        { "Header_MultiWinsOverSingle", """{"headers":{"Origin":"https://single"},"multiValueHeaders":{"Origin":["https://multi"]}}""", "", "", "https://multi" },
        { "Header_MultiAllNull_SingleUsed", """{"headers":{"Origin":"https://single"},"multiValueHeaders":{"Origin":[null],"origin":[]}}""", "", "", "https://single" },
        { "Header_DuplicateMap_LastWins", """{"headers":{"Origin":"https://a"},"headers":{"Host":"h"}}""", "", "", null },
        { "Header_DotlessI_NotOrigin", """{"headers":{"Orıgin":"https://dotless","Authorızatıon":"Bearer dotless"}}""", "", "", null },
        { "Header_Authorization_TwoValues", """{"multiValueHeaders":{"Authorization":["Bearer a","Bearer b"]}}""", "", "Bearer a|Bearer b", null },
        { "Header_Authorization_NamesInTwoCases", """{"headers":{"authorization":"Bearer a","Authorization":"Bearer b"}}""", "", "Bearer a|Bearer b", null },
        { "Header_Authorization_MultiAndOtherSingle", """{"headers":{"Authorization":"Bearer s"},"multiValueHeaders":{"Authorization":["Bearer m"]}}""", "", "Bearer m|Bearer s", null },
        { "Maps_Null", """{"headers":null,"multiValueHeaders":null,"queryStringParameters":null,"multiValueQueryStringParameters":null}""", "", "", null },
    };

    /// <summary>Events that are not authorizer requests: invalid JSON, a wrong type in any field, or a root that is not an object.</summary>
    public static TheoryData<string> Malformed => new(MalformedEvents.Keys);

    private static readonly Dictionary<string, Func<byte[]>> MalformedEvents = new()
    {
        ["Empty"] = () => [],
        ["NullLiteral"] = () => Encoding.UTF8.GetBytes("null"),
        ["Array"] = () => Encoding.UTF8.GetBytes("[]"),
        ["String"] = () => Encoding.UTF8.GetBytes("\"arn:x\""),
        ["Truncated"] = () => Encoding.UTF8.GetBytes(GenuineText()[..^2]),
        ["TrailingContent"] = () => Encoding.UTF8.GetBytes(GenuineText() + " x"),
        ["SecondObject"] = () => Encoding.UTF8.GetBytes(GenuineText() + "{}"),
        ["TrailingComma"] = () => Encoding.UTF8.GetBytes(GenuineText()[..^1] + ",}"),
        ["Comment"] = () => Encoding.UTF8.GetBytes(GenuineText()[..^1] + "/* c */}"),
        ["Nesting_Depth33"] = () => Genuine("extra", JsonNode.Parse(string.Concat(Enumerable.Repeat("{\"a\":", 32)) + "1" + new string('}', 32))),
        ["LoneSurrogate_InConnectionId"] = () => Encoding.UTF8.GetBytes(GenuineText().Replace("Jx2fCd1voAMCLtg=", "\\ud800", StringComparison.Ordinal)),
        ["InvalidUtf8_InHeaderValue"] = () => Encoding.UTF8.GetBytes(GenuineText()).Select(b => b == (byte)'~' ? (byte)0xFF : b).ToArray(),
        ["WrongType_MethodArnNumber"] = () => Genuine("methodArn", 42),
        ["WrongType_HeadersString"] = () => Genuine("headers", "Origin: https://app.example.com"),
        ["WrongType_OtherHeaderBoolean"] = () => GenuineWith(e => e["headers"]!["X-Flag"] = true),
        ["WrongType_OtherQueryValueNumber"] = () => GenuineWith(e => e["queryStringParameters"]!["page"] = 2),
        ["WrongType_MultiTokenString"] = () => GenuineWith(e => e["multiValueQueryStringParameters"]!["token"] = FunctionFixture.ValidToken()),
        ["WrongType_ConnectionIdNumber"] = () => GenuineWith(e => e["requestContext"]!["connectionId"] = 7),
        ["WrongType_RequestContextArray"] = () => Genuine("requestContext", new JsonArray()),
        ["WrongType_StageVariableNumber"] = () => Genuine("stageVariables", new JsonObject { ["s"] = 1 }),
        ["WrongType_ConnectedAtString"] = () => GenuineWith(e => e["requestContext"]!["connectedAt"] = "yesterday"),
    };

    [Fact]
    public void Read_SampleEvent_KeepsMethodArnConnectionIdTokenAndOrigin()
    {
        var request = AuthorizerFunction.Read(SampleEvents.Bytes(SampleEvents.Authorizer("tok")));

        Assert.NotNull(request);
        var authorization = AuthorizerFunction.ToAuthorizationRequest(request);
        Assert.Equal(Arn, request.MethodArn);
        Assert.Equal("Jx2fCd1voAMCLtg=", request.RequestContext?.ConnectionId);
        Assert.Equal(["tok"], authorization.QueryTokens);
        Assert.Empty(authorization.AuthorizationHeaders);
        Assert.Equal("https://app.example.com", authorization.Origin);
    }

    [Fact]
    public void Read_DuplicateMethodArn_LastWins()
    {
        var request = AuthorizerFunction.Read("""{"methodArn":"arn:first","methodArn":"arn:second"}"""u8);

        Assert.Equal("arn:second", request?.MethodArn);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void ToAuthorizationRequest_NamedCase_TakesTokensAndHeadersAsDocumented(
        string caseName, string properties, string tokens, string authorization, string? origin)
    {
        var request = AuthorizerFunction.Read(Encoding.UTF8.GetBytes($$"""{"methodArn":"{{Arn}}",{{properties[1..]}}"""));

        Assert.True(request is not null, caseName);
        var read = AuthorizerFunction.ToAuthorizationRequest(request);
        Assert.Equal(tokens, string.Join('|', read.QueryTokens));
        Assert.Equal(authorization, string.Join('|', read.AuthorizationHeaders));
        Assert.Equal(origin, read.Origin);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task InvokeAsync_MalformedEvent_IsUnauthorized(string caseName)
    {
        var payload = MalformedEvents[caseName]();

        var result = await new FunctionFixture().InvokeAsync("authorizer", payload);

        Assert.Null(AuthorizerFunction.Read(payload));
        Assert.False(result.IsSuccess);
        Assert.Equal(AuthorizerFunction.UnauthorizedError, result.ErrorType);
    }

    [Fact]
    public async Task InvokeAsync_GenuineEvent_IsAllowed()
    {
        // The malformed cases above are this event with one thing broken: without it, each would be an Allow.
        var response = await new FunctionFixture().InvokeForJsonAsync("authorizer", Encoding.UTF8.GetBytes(GenuineText()));

        Assert.Equal("Allow", response.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString());
    }

    [Fact]
    public async Task InvokeAsync_Allow_ContextHasUserIdExpiryInUnixSecondsAndTopics()
    {
        var token = Notifier.Testing.Tokens.TestTokens.Create(
            "user-7", TimeSpan.FromMinutes(10), issuer: FunctionFixture.Issuer, audience: FunctionFixture.Audience,
            claims: new Dictionary<string, object> { ["topics"] = new[] { "news" } });
        var before = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();

        var response = await new FunctionFixture().InvokeForJsonAsync("authorizer", SampleEvents.Bytes(SampleEvents.Authorizer(token)));

        var context = response.GetProperty("context");
        Assert.Equal("user-7", context.GetProperty("userId").GetString());
        var expiresAt = long.Parse(context.GetProperty("tokenExpiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, before - 5, before + 5);
        Assert.True(TopicGrants.Decode(context.GetProperty(TopicGrants.ContextKey).GetString()).Allows("news", "user-7"));
    }

    [Fact]
    public async Task InvokeAsync_Deny_AnonymousPrincipalWithoutContext()
    {
        var authorizerEvent = SampleEvents.Authorizer(FunctionFixture.ValidToken());
        SampleEvents.SetHeader(authorizerEvent, "Origin", "https://evil.example");

        var response = await new FunctionFixture().InvokeForJsonAsync("authorizer", SampleEvents.Bytes(authorizerEvent));

        Assert.Equal("anonymous", response.GetProperty("principalId").GetString());
        Assert.Equal("Deny", response.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString());
        Assert.False(response.TryGetProperty("context", out _));
    }

    /// <summary>The sample event with a valid token, whose <c>X-Path</c> header holds a <c>~</c> for the invalid-UTF-8 case to replace.</summary>
    private static JsonObject GenuineEvent()
    {
        var authorizerEvent = SampleEvents.Authorizer(FunctionFixture.ValidToken());
        authorizerEvent["headers"]!["X-Path"] = "/~";
        return authorizerEvent;
    }

    private static string GenuineText() => GenuineEvent().ToJsonString();

    private static byte[] Genuine(string property, JsonNode? value)
    {
        var authorizerEvent = GenuineEvent();
        authorizerEvent[property] = value;
        return SampleEvents.Bytes(authorizerEvent);
    }

    private static byte[] GenuineWith(Action<JsonObject> change)
    {
        var authorizerEvent = GenuineEvent();
        change(authorizerEvent);
        return SampleEvents.Bytes(authorizerEvent);
    }
}
