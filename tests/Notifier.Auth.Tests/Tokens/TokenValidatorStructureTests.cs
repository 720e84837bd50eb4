using System.Text;
using Notifier.Auth.Tokens;
using Notifier.Testing.Tokens;

namespace Notifier.Auth.Tests.Tokens;

/// <summary>The JOSE header and payload rules of RFC 7515 that the handler leaves to us: <c>crit</c> and duplicate member names.</summary>
public sealed class TokenValidatorStructureTests
{
    private const string Header = "\"alg\":\"HS256\",\"typ\":\"JWT\"";

    private static readonly byte[] SecretBytes = Encoding.UTF8.GetBytes(TestTokens.Secret);

    private static readonly TokenValidator Validator = new(new JwtOptions { Secret = TestTokens.Secret });

    /// <summary>Correctly signed tokens whose header names a critical extension (RFC 7515 §4.1.11).</summary>
    public static TheoryData<string, string> CritHeaders => new()
    {
        { "Crit_NamesAnExtension", $$"""{{{Header}},"crit":["exp"],"exp":9999999999}""" },
        { "Crit_NamesB64", $$"""{{{Header}},"crit":["b64"],"b64":false}""" },
        { "Crit_EmptyList", $$"""{{{Header}},"crit":[]}""" },
        { "Crit_NotAList", $$"""{{{Header}},"crit":"exp"}""" },
        { "Crit_Null", $$"""{{{Header}},"crit":null}""" },
        { "Crit_NameEscaped", $$"""{{{Header}},"cr\u0069t":["x"]}""" },
    };

    /// <summary>Correctly signed tokens whose header or payload repeats a member name (RFC 7515 §5.2, RFC 7519 §4).</summary>
    public static TheoryData<string, string, string> Duplicates => new()
    {
        { "Payload_SubTwice", $$"""{{{Header}}}""", Payload("\"sub\":\"user-a\",\"sub\":\"admin\"") },
        { "Payload_SubTwice_SecondNameEscaped", $$"""{{{Header}}}""", Payload("\"sub\":\"user-a\",\"s\\u0075b\":\"admin\"") },
        { "Payload_ExpTwice_PastThenFuture", $$"""{{{Header}}}""", Payload("\"sub\":\"user-a\",\"exp\":1") },
        { "Payload_TopicsTwice", $$"""{{{Header}}}""", Payload("\"sub\":\"user-a\",\"topics\":[\"a\"],\"topics\":[\"*\"]") },
        { "Payload_NestedObject", $$"""{{{Header}}}""", Payload("\"sub\":\"user-a\",\"x\":{\"a\":1,\"a\":2}") },
        { "Header_AlgTwice", $$"""{"alg":"none",{{Header}}}""", Payload("\"sub\":\"user-a\"") },
        { "Header_TypTwice", $$"""{{{Header}},"typ":"at+jwt"}""", Payload("\"sub\":\"user-a\"") },
    };

    [Theory]
    [MemberData(nameof(CritHeaders))]
    public async Task ValidateAsync_CritHeader_IsInvalid(string name, string header)
    {
        var check = await Validator.ValidateAsync(TestTokens.Raw(header, TestTokens.StandardPayload(), SecretBytes));

        Assert.True(check.Status == TokenCheck.Kind.Invalid, name);
        Assert.Equal("token names critical header extensions", check.Reason);
    }

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task ValidateAsync_DuplicateMemberName_IsInvalid(string name, string header, string payload)
    {
        var check = await Validator.ValidateAsync(TestTokens.Raw(header, payload, SecretBytes));

        Assert.True(check.Status == TokenCheck.Kind.Invalid, name);
        Assert.Null(check.UserId);
        Assert.Equal("token repeats a member name", check.Reason);
    }

    [Fact]
    public async Task ValidateAsync_SameNameInDifferentObjects_IsValid()
    {
        var token = TestTokens.Raw($$"""{{{Header}}}""", Payload("\"sub\":\"user-a\",\"x\":{\"sub\":\"b\"},\"y\":{\"sub\":\"c\"}"), SecretBytes);

        var check = await Validator.ValidateAsync(token);

        Assert.Equal(TokenCheck.Kind.Valid, check.Status);
        Assert.Equal("user-a", check.UserId);
    }

    [Fact]
    public async Task ValidateAsync_RawTokenWithoutCritOrDuplicates_IsValid()
    {
        var check = await Validator.ValidateAsync(TestTokens.Raw($$"""{{{Header}}}""", TestTokens.StandardPayload("user-a"), SecretBytes));

        Assert.Equal(TokenCheck.Kind.Valid, check.Status);
    }

    [Theory]
    [InlineData("Header_NotBase64Url", "!!!")]
    [InlineData("Header_NotJson", "bm90IGpzb24")]
    [InlineData("Header_JsonArray", "WzFd")]
    public async Task ValidateAsync_HeaderNotAJsonObject_IsMalformed(string name, string header)
    {
        var token = TestTokens.Raw($$"""{{{Header}}}""", TestTokens.StandardPayload(), SecretBytes);

        var check = await Validator.ValidateAsync(header + token[token.IndexOf('.', StringComparison.Ordinal)..]);

        Assert.True(check.Status == TokenCheck.Kind.Invalid, name);
        Assert.Equal("malformed token", check.Reason);
    }

    /// <summary>A payload with a valid lifetime followed by <paramref name="members"/>, so a later duplicate is what the handler would keep.</summary>
    private static string Payload(string members)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $$"""{"iat":{{now}},"exp":{{now + 600}},{{members}}}""";
    }
}
