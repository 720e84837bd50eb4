using System.Text;
using System.Text.Json;
using Notifier.Aws.Events;
using Notifier.Functions.Handlers;

namespace Notifier.Functions.Tests.Handlers;

public sealed class AuthorizerEventReaderTests
{
    public static TheoryData<string> Cases => AuthorizerEventCases.Names;

    public static TheoryData<string> HostileCases => HostileAuthorizerInputs.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void TryRead_NamedCase_SameAsDeserializingPath(string caseName)
    {
        var payload = AuthorizerEventCases.Cases[caseName]();

        var expected = ViaDeserializer(payload);
        var actual = ViaReader(payload);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void TryRead_HostileInput_SameDecisionInputsAsDeserializingPath(string caseName)
    {
        var payload = HostileAuthorizerInputs.Cases[caseName]();

        // Compared as the authorizer sees them: without a methodArn, unreadable and unread are both Unauthorized
        // (Event_InvalidUtf8 deserializes to an empty request but is malformed to the reader).
        Assert.Equal(ViaDeserializer(payload).AsDecided(), ViaReader(payload).AsDecided());
    }

    [Fact]
    public void TryRead_SampleEvent_KeepsTheFiveValues()
    {
        var payload = AuthorizerEventCases.Sample("tok");

        var read = AuthorizerEventReader.TryRead(payload, out var authorizerEvent);

        Assert.True(read);
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/$connect", authorizerEvent.MethodArn);
        Assert.Equal("Jx2fCd1voAMCLtg=", authorizerEvent.ConnectionIdIn(payload));
        Assert.Equal(["tok"], authorizerEvent.Request.QueryTokens);
        Assert.Null(authorizerEvent.Request.AuthorizationHeader);
        Assert.Equal("https://app.example.com", authorizerEvent.Request.Origin);
    }

    [Fact]
    public void TryRead_OriginNotWanted_LeavesItNullAndReadsTheRest()
    {
        var payload = AuthorizerEventCases.Sample("tok");

        var read = AuthorizerEventReader.TryRead(payload, decodeOrigin: false, out var authorizerEvent);

        Assert.True(read);
        Assert.Null(authorizerEvent.Request.Origin);
        Assert.Equal(["tok"], authorizerEvent.Request.QueryTokens);
    }

    [Theory]
    [InlineData("headers", "Origin")]
    [InlineData("requestContext", "connectionId")]
    public void TryRead_LoneSurrogateInAValueDecodedLater_IsMalformedNow(string map, string name)
    {
        // A kept value is decoded only when used, but a bad escape in it still makes the event malformed while reading.
        var payload = Encoding.UTF8.GetBytes("{\"methodArn\":\"arn:x\",\"" + map + "\":{\"" + name + "\":\"\\uD800\"}}");

        Assert.False(AuthorizerEventReader.TryRead(payload, decodeOrigin: false, out _));
    }

    [Fact]
    public void TryRead_NoToken_QueryTokensIsSharedEmpty()
    {
        AuthorizerEventReader.TryRead("""{"methodArn":"arn:x"}"""u8, out var authorizerEvent);

        Assert.Same(Array.Empty<string>(), authorizerEvent.Request.QueryTokens);
    }

    [Theory]
    [InlineData("""{"methodArn":"arn:x","stageVariables":{"s":1}}""")]
    [InlineData("""{"methodArn":"arn:x","type":5}""")]
    [InlineData("""{"methodArn":"arn:x","requestContext":{"connectedAt":"yesterday","connectionId":"c"}}""")]
    public void TryRead_WrongTypeInFieldNotRead_ReadsEventUnlikeDeserializer(string json)
    {
        // Documented difference: the deserializer refused these; the reader skips fields that cannot change the decision.
        var payload = Encoding.UTF8.GetBytes(json);

        var read = AuthorizerEventReader.TryRead(payload, out var authorizerEvent);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(payload, ApiGatewayJson.Context.WebSocketAuthorizerRequest));
        Assert.True(read);
        Assert.Equal("arn:x", authorizerEvent.MethodArn);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x78, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x78, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x78, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D })]
    public void TryRead_InvalidUtf8InFieldNotRead_IsMalformed(byte[] payload)
    {
        var read = AuthorizerEventReader.TryRead(payload, out var authorizerEvent);

        Assert.False(read);
        Assert.Null(authorizerEvent.MethodArn);
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrows()
    {
        var random = new Random(20261124);
        var sample = AuthorizerEventCases.Sample("tok");
        for (var i = 0; i < 2000; i++)
        {
            var payload = (byte[])sample.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                payload[random.Next(payload.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(payload.Length + 1);
            var exception = Record.Exception(() => AuthorizerEventReader.TryRead(payload.AsSpan(0, length), out _));

            Assert.Null(exception);
        }
    }

    /// <summary>The path the reader replaced: deserialize, then <see cref="AuthorizerFunction.ToAuthorizationRequest"/>.</summary>
    private static Outcome ViaDeserializer(byte[] payload)
    {
        WebSocketAuthorizerRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(payload, ApiGatewayJson.Context.WebSocketAuthorizerRequest);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return Outcome.Malformed;
        }

        var authorization = AuthorizerFunction.ToAuthorizationRequest(request);
        return new Outcome(true, string.Join('|', authorization.QueryTokens), authorization.QueryTokens.Count,
            authorization.AuthorizationHeader, authorization.Origin, request.MethodArn, request.RequestContext?.ConnectionId);
    }

    private static Outcome ViaReader(byte[] payload)
    {
        if (!AuthorizerEventReader.TryRead(payload, out var authorizerEvent))
        {
            return Outcome.Malformed;
        }

        var request = authorizerEvent.Request;
        return new Outcome(true, string.Join('|', request.QueryTokens), request.QueryTokens.Count,
            request.AuthorizationHeader, request.Origin, authorizerEvent.MethodArn, authorizerEvent.ConnectionIdIn(payload));
    }

    private sealed record Outcome(bool Read, string Tokens, int TokenCount, string? Authorization, string? Origin, string? MethodArn, string? ConnectionId)
    {
        public static Outcome Malformed { get; } = new(false, string.Empty, 0, null, null, null, null);

        /// <summary>This outcome if the authorizer would decide on it, else <see cref="Malformed"/> (both are Unauthorized).</summary>
        public Outcome AsDecided() => Read && MethodArn is { Length: > 0 } ? this : Malformed;
    }
}
