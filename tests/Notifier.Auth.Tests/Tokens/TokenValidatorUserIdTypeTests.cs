using System.Text;
using Notifier.Auth.Tokens;
using Notifier.Testing.Tokens;

namespace Notifier.Auth.Tests.Tokens;

/// <summary>A user id claim must be a JSON string: any other value is denied, never converted to text.</summary>
public sealed class TokenValidatorUserIdTypeTests
{
    private static readonly byte[] SecretBytes = Encoding.UTF8.GetBytes(TestTokens.Secret);

    /// <summary>IdentityModel itself refuses a <c>sub</c> that is a boolean, array or object; every other value is ours to refuse.</summary>
    private static readonly string[] Reasons = ["user id claim is not a string", "malformed token"];

    /// <summary>Claim values that are not strings, as written in the payload JSON.</summary>
    public static TheoryData<string, string> NonStringValues => new()
    {
        { "Integer", "12345" },
        { "Float_WholeNumber", "12345.0" },
        { "Float_Exponent", "1.2345e4" },
        { "BigInteger_LongMaxPlusOne", "9223372036854775808" },
        { "BigInteger_LongMaxPlusTwo", "9223372036854775809" },
        { "Negative", "-42" },
        { "Boolean_True", "true" },
        { "Boolean_False", "false" },
        { "Array_OfStrings", """["a","b"]""" },
        { "Array_Empty", "[]" },
        { "Object", """{"id":"x"}""" },
        { "Null", "null" },
    };

    [Theory]
    [MemberData(nameof(NonStringValues))]
    public async Task ValidateAsync_SubIsNotAString_IsInvalid(string name, string json)
    {
        var check = await Validator("sub").ValidateAsync(Token("sub", json));

        Assert.True(check.Status == TokenCheck.Kind.Invalid, name);
        Assert.Null(check.UserId);
        Assert.Contains(check.Reason, Reasons);
    }

    [Theory]
    [MemberData(nameof(NonStringValues))]
    public async Task ValidateAsync_ConfiguredClaimIsNotAString_IsInvalid(string name, string json)
    {
        var check = await Validator("uid").ValidateAsync(Token("uid", json));

        Assert.True(check.Status == TokenCheck.Kind.Invalid, name);
        Assert.Null(check.UserId);
        Assert.Contains(check.Reason, Reasons);
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("uid")]
    public async Task ValidateAsync_ClaimIsADigitString_IsValidAsWritten(string claim)
    {
        var check = await Validator(claim).ValidateAsync(Token(claim, "\"9223372036854775809\""));

        Assert.Equal(TokenCheck.Kind.Valid, check.Status);
        Assert.Equal("9223372036854775809", check.UserId);
    }

    [Fact]
    public async Task ValidateAsync_ClaimMissing_IsInvalid()
    {
        var check = await Validator("uid").ValidateAsync(Token("other", "\"x\""));

        Assert.Equal(TokenCheck.Kind.Invalid, check.Status);
        Assert.Equal("token has no user id claim", check.Reason);
    }

    private static TokenValidator Validator(string claim) => new(new JwtOptions { Secret = TestTokens.Secret, UserIdClaim = claim });

    private static string Token(string claim, string json)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return TestTokens.Raw("""{"alg":"HS256","typ":"JWT"}""", $$"""{"{{claim}}":{{json}},"iat":{{now}},"exp":{{now + 600}}}""", SecretBytes);
    }
}
