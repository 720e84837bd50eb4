using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Notifier.Testing.Events;
using Notifier.Testing.Tokens;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>Named hostile or broken authorizer events: every one must end in Deny or 401, never Allow.</summary>
internal static class HostileAuthorizerInputs
{
    private static readonly byte[] SecretBytes = Encoding.UTF8.GetBytes(TestTokens.Secret);

    public static readonly IReadOnlyDictionary<string, Func<byte[]>> Cases = new Dictionary<string, Func<byte[]>>
    {
        ["Expired_TenMinutesAgo"] = () => WithToken(Token(expiresIn: TimeSpan.FromMinutes(-10))),
        ["Expired_ThreeMinutesAgo_SkewOneMinute"] = () => WithToken(Token(expiresIn: TimeSpan.FromMinutes(-3))),
        ["NotYetValid_NbfInTenMinutes"] = () => WithToken(Token(notBefore: DateTimeOffset.UtcNow.AddMinutes(10), expiresIn: TimeSpan.FromMinutes(20))),
        ["NoExpiry"] = () => WithToken(TestTokens.Create(issuer: FunctionFixture.Issuer, audience: FunctionFixture.Audience, withExpiry: false)),
        ["WrongSignature_OtherSecret"] = () => WithToken(Token(credentials: new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes("another-secret-that-is-long-enough-to-sign")), SecurityAlgorithms.HmacSha256))),
        ["TamperedPayload_SignatureOfOriginal"] = () => WithToken(Tamper(Token(), "user-123", "admin-1")),
        ["SignatureStripped"] = () => WithToken(StripSignature(Token())),
        ["AlgNone_Unsigned"] = () => WithToken(TestTokens.Raw("""{"alg":"none","typ":"JWT"}""", Payload())),
        ["AlgNoneUppercase_Unsigned"] = () => WithToken(TestTokens.Raw("""{"alg":"NONE","typ":"JWT"}""", Payload())),
        ["AlgNone_WithHmacSignature"] = () => WithToken(TestTokens.Raw("""{"alg":"none","typ":"JWT"}""", Payload(), SecretBytes)),
        ["Rs256_WhenSecretConfigured"] = () => WithToken(Token(credentials: TestKeys.Rsa("rsa").Credentials)),
        ["Hs256_SignedWithRsaPublicKey"] = () => WithToken(TestTokens.Raw("""{"alg":"HS256","typ":"JWT"}""", Payload(), TestKeys.Rsa("rsa").PublicKeyBytes())),
        ["Hs384_NotInAllowList"] = () => WithToken(TestTokens.Raw("""{"alg":"HS384","typ":"JWT"}""", Payload(), SecretBytes)),
        ["WrongIssuer"] = () => WithToken(TestTokens.Create(issuer: "https://evil.example", audience: FunctionFixture.Audience)),
        ["WrongAudience"] = () => WithToken(TestTokens.Create(issuer: FunctionFixture.Issuer, audience: "someone-else")),
        ["MissingIssuer"] = () => WithToken(TestTokens.Create(audience: FunctionFixture.Audience)),
        ["MissingAudience"] = () => WithToken(TestTokens.Create(issuer: FunctionFixture.Issuer)),
        ["MissingUserClaim"] = () => WithToken(Token(subject: null)),
        ["EmptyUserClaim"] = () => WithToken(Token(subject: string.Empty)),
        ["UserClaimIsObject"] = () => WithToken(TestTokens.Raw("""{"alg":"HS256","typ":"JWT"}""", """{"sub":{"id":"x"},"exp":9999999999,"iss":"https://issuer.example","aud":"notifier"}""", SecretBytes)),
        ["UserClaimIsArray"] = () => WithToken(Token(subject: null, claims: new Dictionary<string, object> { ["sub"] = new[] { "a", "b" } })),
        ["UserClaimIsInteger"] = () => WithToken(Signed(Hs256, "\"sub\":12345")),
        ["UserClaimIsFloat_WholeNumber"] = () => WithToken(Signed(Hs256, "\"sub\":12345.0")),
        ["UserClaimIsBigInteger_BeyondLong"] = () => WithToken(Signed(Hs256, "\"sub\":9223372036854775809")),
        ["UserClaimIsBoolean"] = () => WithToken(Signed(Hs256, "\"sub\":true")),
        ["UserClaimIsNull"] = () => WithToken(Signed(Hs256, "\"sub\":null")),
        ["CritHeader_NamesAnExtension"] = () => WithToken(Signed("""{"alg":"HS256","typ":"JWT","crit":["exp"],"exp":1}""", "\"sub\":\"user-123\"")),
        ["CritHeader_EmptyList"] = () => WithToken(Signed("""{"alg":"HS256","typ":"JWT","crit":[]}""", "\"sub\":\"user-123\"")),
        ["DuplicateSub_LastNamesAnotherUser"] = () => WithToken(Signed(Hs256, "\"sub\":\"user-123\",\"sub\":\"admin-1\"")),
        ["DuplicateSub_EscapedName"] = () => WithToken(Signed(Hs256, "\"sub\":\"user-123\",\"s\\u0075b\":\"admin-1\"")),
        ["DuplicateAlg_NoneThenHs256"] = () => WithToken(Signed("""{"alg":"none","alg":"HS256","typ":"JWT"}""", "\"sub\":\"user-123\"")),
        ["UserClaimTooLong"] = () => WithToken(Token(subject: new string('u', 300))),
        ["UserClaimWithControlCharacters"] = () => WithToken(Token(subject: "user\n123")),
        ["Malformed_TwoSegments"] = () => WithToken("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0"),
        ["Malformed_SixSegments"] = () => WithToken("a.b.c.d.e.f"),
        ["Malformed_NotBase64"] = () => WithToken("!!!.@@@.###"),
        ["Malformed_HeaderNotJson"] = () => WithToken($"{Base64UrlEncoder.Encode("not json")}.{Base64UrlEncoder.Encode(Payload())}.c2ln"),
        ["Malformed_PayloadIsArray"] = () => WithToken(TestTokens.Raw("""{"alg":"HS256","typ":"JWT"}""", "[1,2,3]", SecretBytes)),
        ["Malformed_ExpIsString"] = () => WithToken(TestTokens.Raw("""{"alg":"HS256","typ":"JWT"}""", """{"sub":"u","exp":"never"}""", SecretBytes)),
        ["EncryptedJweShape"] = () => WithToken("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"),
        ["Garbage_Text"] = () => WithToken("hello world"),
        ["TenKilobyteToken"] = () => WithToken(Token(claims: new Dictionary<string, object> { ["pad"] = new string('p', 10 * 1024) })),
        ["TwentyKilobyteToken"] = () => WithToken(new string('a', 20 * 1024)),
        ["EmptyToken"] = () => WithToken(string.Empty),
        ["WhitespaceToken"] = () => WithToken("   "),
        ["DuplicatedQueryParameter_TwoTokens"] = () => WithTokens(Token("user-a"), Token("user-b")),
        ["QueryAndHeaderDisagree"] = () => WithHeader(Token("user-a"), "Authorization", "Bearer " + Token("user-b")),
        ["TwoAuthorizationHeaders_FirstMatchesQuery"] = () => WithAuthorization(Token(), "Bearer " + Token(), "Bearer " + Token("admin-1")),
        ["TwoAuthorizationHeaders_NoQuery_FirstGenuine"] = () => WithAuthorization(null, "Bearer " + Token(), "Bearer " + Token("admin-1")),
        ["TwoAuthorizationHeaders_SecondNotBearer"] = () => WithAuthorization(Token(), "Bearer " + Token(), "Basic dXNlcjpwYXNz"),
        ["AuthorizationHeaderNotBearer"] = () => WithHeader(null, "Authorization", "Basic dXNlcjpwYXNz"),
        ["OriginNotAllowed"] = () => WithHeader(Token(), "Origin", "https://evil.example"),
        ["OriginMissing_WhenRestricted"] = () => WithHeader(Token(), "Origin", null),
        ["OriginLookalike"] = () => WithHeader(Token(), "Origin", "https://app.example.com.evil.example"),
        ["MissingMethodArn"] = () => Without(Token(), "methodArn"),
        ["MissingRequestContext"] = () => Without(null, "requestContext"),
        ["Event_NotJson"] = () => Encoding.UTF8.GetBytes("not json at all"),
        ["Event_JsonArray"] = () => Encoding.UTF8.GetBytes("[]"),
        ["Event_EmptyObject"] = () => Encoding.UTF8.GetBytes("{}"),
        ["Event_Empty"] = () => [],
        ["Event_DeeplyNested"] = () => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000)),
        ["Event_InvalidUtf8"] = () => [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D],
        ["Event_QueryParametersWrongType"] = () => Encoding.UTF8.GetBytes("""{"methodArn":"arn:x","queryStringParameters":{"token":42}}"""),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    internal const string Hs256 = """{"alg":"HS256","typ":"JWT"}""";

    private static string Payload() => TestTokens.StandardPayload();

    /// <summary>A correctly signed raw token with the fixture's issuer, audience and lifetime, then <paramref name="members"/>.</summary>
    internal static string Signed(string header, string members)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = $$"""{"iss":"{{FunctionFixture.Issuer}}","aud":"{{FunctionFixture.Audience}}","iat":{{now}},"exp":{{now + 600}},{{members}}}""";
        return TestTokens.Raw(header, payload, SecretBytes);
    }

    private static string Token(
        string? subject = "user-123",
        TimeSpan? expiresIn = null,
        DateTimeOffset? notBefore = null,
        SigningCredentials? credentials = null,
        IDictionary<string, object>? claims = null) =>
        TestTokens.Create(subject, expiresIn, notBefore, FunctionFixture.Issuer, FunctionFixture.Audience, credentials, claims);

    private static string Tamper(string token, string from, string to)
    {
        var parts = token.Split('.');
        parts[1] = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace(from, to, StringComparison.Ordinal));
        return string.Join('.', parts);
    }

    private static string StripSignature(string token) => token[..(token.LastIndexOf('.') + 1)];

    private static byte[] WithToken(string token) => WithTokens(token);

    private static byte[] WithTokens(params string[] tokens)
    {
        var authorizerEvent = SampleEvents.Authorizer(null);
        SampleEvents.SetQuery(authorizerEvent, "token", tokens);
        return SampleEvents.Bytes(authorizerEvent);
    }

    private static byte[] WithHeader(string? token, string header, string? value)
    {
        var authorizerEvent = SampleEvents.Authorizer(token);
        SampleEvents.SetHeader(authorizerEvent, header, value);
        return SampleEvents.Bytes(authorizerEvent);
    }

    /// <summary>An event with <c>Authorization</c> sent once per value, as API Gateway passes repeated headers: all in the multi-value map, the last in the single one.</summary>
    private static byte[] WithAuthorization(string? token, params string[] values)
    {
        var authorizerEvent = SampleEvents.Authorizer(token);
        SampleEvents.SetHeader(authorizerEvent, "Authorization", values[^1]);
        authorizerEvent["multiValueHeaders"]!["Authorization"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
        return SampleEvents.Bytes(authorizerEvent);
    }

    private static byte[] Without(string? token, string property)
    {
        JsonObject authorizerEvent = SampleEvents.Authorizer(token);
        authorizerEvent.Remove(property);
        return SampleEvents.Bytes(authorizerEvent);
    }
}
