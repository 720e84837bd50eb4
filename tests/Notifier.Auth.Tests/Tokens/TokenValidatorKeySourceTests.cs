using Notifier.Auth.Tokens;
using Notifier.Testing.Tokens;

namespace Notifier.Auth.Tests.Tokens;

public sealed class TokenValidatorKeySourceTests
{
    [Fact]
    public async Task ValidateAsync_Rs256FromJwks_IsValid()
    {
        var keys = TestKeys.Rsa("rsa-1");
        await using var server = await KeyServer.StartAsync(keys);
        var validator = new TokenValidator(new JwtOptions { JwksUrl = server.JwksUrl });

        var check = await validator.ValidateAsync(TestTokens.Create("user-rs", credentials: keys.Credentials));

        Assert.Equal("user-rs", check.UserId);
    }

    [Fact]
    public async Task ValidateAsync_Es256FromOidcAuthority_IsValidAndIssuerChecked()
    {
        var keys = TestKeys.EcdsaP256("ec-1");
        await using var server = await KeyServer.StartAsync(keys);
        var validator = new TokenValidator(new JwtOptions { Authority = server.BaseAddress });

        var good = await validator.ValidateAsync(TestTokens.Create("user-ec", issuer: server.Issuer, credentials: keys.Credentials));
        var wrongIssuer = await validator.ValidateAsync(TestTokens.Create("user-ec", issuer: "https://evil.example", credentials: keys.Credentials));

        Assert.Equal(TokenCheck.Kind.Valid, good.Status);
        Assert.Equal(TokenCheck.Kind.Invalid, wrongIssuer.Status);
    }

    [Fact]
    public async Task ValidateAsync_KeysFetchedOnce_ThenCached()
    {
        var keys = TestKeys.Rsa("rsa-1");
        await using var server = await KeyServer.StartAsync(keys);
        var validator = new TokenValidator(new JwtOptions { JwksUrl = server.JwksUrl });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TokenCheck.Kind.Valid, (await validator.ValidateAsync(TestTokens.Create(credentials: keys.Credentials))).Status);
        }

        Assert.Equal(1, server.JwksRequests);
    }

    [Fact]
    public async Task ValidateAsync_UnknownKidAfterRotation_RefreshesKeys()
    {
        var oldKeys = TestKeys.Rsa("old");
        var newKeys = TestKeys.Rsa("new");
        await using var server = await KeyServer.StartAsync(oldKeys);
        var validator = new TokenValidator(new JwtOptions { JwksUrl = server.JwksUrl, KeyRefreshInterval = TimeSpan.FromSeconds(1) });
        Assert.Equal(TokenCheck.Kind.Valid, (await validator.ValidateAsync(TestTokens.Create(credentials: oldKeys.Credentials))).Status);

        server.Publish(newKeys);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var check = await validator.ValidateAsync(TestTokens.Create("rotated", credentials: newKeys.Credentials));

        Assert.True(check.UserId == "rotated", check.Reason + " fetches=" + server.JwksRequests);
        Assert.Equal(2, server.JwksRequests);
    }

    [Fact]
    public async Task ValidateAsync_ManyUnknownKids_RefetchAtMostOncePerInterval()
    {
        var keys = TestKeys.Rsa("real");
        await using var server = await KeyServer.StartAsync(keys);
        var validator = new TokenValidator(new JwtOptions { JwksUrl = server.JwksUrl, KeyRefreshInterval = TimeSpan.FromMinutes(5) });
        await validator.ValidateAsync(TestTokens.Create(credentials: keys.Credentials));

        for (var i = 0; i < 20; i++)
        {
            var check = await validator.ValidateAsync(TestTokens.Create(credentials: TestKeys.Rsa($"made-up-{i}").Credentials));
            Assert.Equal(TokenCheck.Kind.Invalid, check.Status);
        }

        Assert.True(server.JwksRequests <= 2, $"{server.JwksRequests} key fetches for 20 made-up kids");
    }

    [Fact]
    public async Task ValidateAsync_KeyEndpointDown_ReportsKeysUnavailable()
    {
        var keys = TestKeys.Rsa("rsa-1");
        Uri jwksUrl;
        await using (var server = await KeyServer.StartAsync(keys))
        {
            jwksUrl = server.JwksUrl;
        }

        var validator = new TokenValidator(new JwtOptions { JwksUrl = jwksUrl, KeyFetchTimeout = TimeSpan.FromSeconds(2) });

        var check = await validator.ValidateAsync(TestTokens.Create(credentials: keys.Credentials)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TokenCheck.Kind.KeysUnavailable, check.Status);
    }

    [Fact]
    public async Task ValidateAsync_SlowKeyEndpoint_GivesUpAfterTimeout()
    {
        var keys = TestKeys.Rsa("rsa-1");
        await using var server = await KeyServer.StartAsync(keys);
        server.Delay = TimeSpan.FromSeconds(20);
        var validator = new TokenValidator(new JwtOptions { JwksUrl = server.JwksUrl, KeyFetchTimeout = TimeSpan.FromSeconds(1) });

        var check = await validator.ValidateAsync(TestTokens.Create(credentials: keys.Credentials)).AsTask().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.NotEqual(TokenCheck.Kind.Valid, check.Status);
    }

    [Fact]
    public async Task ValidateAsync_Hs256SignedWithRsaPublicKey_IsInvalid()
    {
        var keys = TestKeys.Rsa("rsa-1");
        await using var server = await KeyServer.StartAsync(keys);
        var validator = new TokenValidator(new JwtOptions { JwksUrl = server.JwksUrl });
        var forged = TestTokens.Raw("""{"alg":"HS256","typ":"JWT","kid":"rsa-1"}""", TestTokens.StandardPayload(), keys.PublicKeyBytes());

        var check = await validator.ValidateAsync(forged);

        Assert.Equal(TokenCheck.Kind.Invalid, check.Status);
    }

    [Fact]
    public async Task ValidateAsync_Rs256TokenWhenSecretConfigured_IsInvalid()
    {
        var keys = TestKeys.Rsa("rsa-1");
        var validator = new TokenValidator(new JwtOptions { Secret = TestTokens.Secret });

        var check = await validator.ValidateAsync(TestTokens.Create(credentials: keys.Credentials));

        Assert.Equal(TokenCheck.Kind.Invalid, check.Status);
    }
}
