using Microsoft.IdentityModel.Tokens;
using Notifier.Auth.Tokens;
using Notifier.Testing.Tokens;

namespace Notifier.Auth.Tests.Tokens;

public sealed class TokenValidatorSecretTests
{
    private static TokenValidator Validator(string[]? issuers = null, string[]? audiences = null, string claim = "sub") =>
        new(new JwtOptions { Secret = TestTokens.Secret, Issuers = issuers ?? [], Audiences = audiences ?? [], UserIdClaim = claim });

    [Fact]
    public async Task ValidateAsync_ValidHs256Token_ReturnsUserAndExpiry()
    {
        var check = await Validator().ValidateAsync(TestTokens.Create("user-42", TimeSpan.FromMinutes(5)));

        Assert.Equal(TokenCheck.Kind.Valid, check.Status);
        Assert.Equal("user-42", check.UserId);
        Assert.InRange(check.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6));
    }

    [Fact]
    public async Task ValidateAsync_ExpiredWithinSkew_IsStillValid()
    {
        var check = await Validator().ValidateAsync(TestTokens.Create(expiresIn: TimeSpan.FromSeconds(-30)));

        Assert.Equal(TokenCheck.Kind.Valid, check.Status);
    }

    [Theory]
    [InlineData("Expired_TenMinutesAgo", -600, "token expired")]
    [InlineData("Expired_ThreeMinutesAgo_SkewOneMinute", -180, "token expired")]
    public async Task ValidateAsync_ExpiredBeyondSkew_IsInvalid(string name, int expiresInSeconds, string reason)
    {
        var check = await Validator().ValidateAsync(TestTokens.Create(expiresIn: TimeSpan.FromSeconds(expiresInSeconds)));

        Assert.True(check.Status == TokenCheck.Kind.Invalid, name);
        Assert.Equal(reason, check.Reason);
    }

    [Fact]
    public async Task ValidateAsync_ConfiguredClaim_ReadsUserFromIt()
    {
        var token = TestTokens.Create(subject: null, claims: new Dictionary<string, object> { ["identity"] = "legacy-7" });

        var check = await Validator(claim: "identity").ValidateAsync(token);

        Assert.Equal("legacy-7", check.UserId);
    }

    [Fact]
    public async Task ValidateAsync_UserClaimIsANumber_IsInvalid()
    {
        var token = TestTokens.Create(subject: null, claims: new Dictionary<string, object> { ["identity"] = 42 });

        var check = await Validator(claim: "identity").ValidateAsync(token);

        Assert.Equal(TokenCheck.Kind.Invalid, check.Status);
        Assert.Null(check.UserId);
    }

    [Fact]
    public async Task ValidateAsync_UserClaimLooksLikeADate_IsValidAsWritten()
    {
        // IdentityModel reads such a string claim as a date; the user id is taken from the JSON string itself.
        var token = TestTokens.Create(subject: null, claims: new Dictionary<string, object> { ["identity"] = "2026-11-30T00:00:00.0000000Z" });

        var check = await Validator(claim: "identity").ValidateAsync(token);

        Assert.Equal(TokenCheck.Kind.Valid, check.Status);
        Assert.Equal("2026-11-30T00:00:00.0000000Z", check.UserId);
    }

    [Theory]
    [InlineData("user\u0085next")]
    [InlineData("user\u007f")]
    [InlineData("\u0000")]
    [InlineData("tab\tuser")]
    public async Task ValidateAsync_UserClaimWithAControlCharacter_IsInvalid(string subject)
    {
        var token = TestTokens.Create(subject: subject);

        var check = await Validator().ValidateAsync(token);

        Assert.Equal(TokenCheck.Kind.Invalid, check.Status);
        Assert.Equal("user id claim is not a usable id", check.Reason);
    }

    [Fact]
    public async Task ValidateAsync_IssuerAndAudienceConfigured_AcceptsMatching()
    {
        var token = TestTokens.Create(issuer: "https://issuer.example", audience: "notifier");

        var check = await Validator(["https://issuer.example"], ["notifier"]).ValidateAsync(token);

        Assert.Equal(TokenCheck.Kind.Valid, check.Status);
    }

    [Fact]
    public async Task ValidateAsync_Hs512WhenOnlyHs256Allowed_IsInvalid()
    {
        var longSecret = new string('k', 64);
        var validator = new TokenValidator(new JwtOptions { Secret = longSecret });
        var key = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(longSecret));

        var check = await validator.ValidateAsync(TestTokens.Create(credentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha512)));

        Assert.Equal(TokenCheck.Kind.Invalid, check.Status);
    }

    [Fact]
    public async Task ValidateAsync_Reasons_NeverQuoteTheToken()
    {
        var token = TestTokens.Create(subject: "secret-user", expiresIn: TimeSpan.FromHours(-1));

        var check = await Validator().ValidateAsync(token);

        Assert.DoesNotContain("secret-user", check.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..20], check.Reason, StringComparison.Ordinal);
    }
}
