using Notifier.Auth.Tokens;
using Notifier.Core.Configuration;

namespace Notifier.Auth.Tests.Tokens;

public sealed class JwtOptionsTests
{
    private static JwtOptions Read(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return JwtOptions.FromSettings(new SettingsReader(name => map.GetValueOrDefault(name)));
    }

    [Fact]
    public void FromSettings_NoKeySource_NamesTheSecretSetting()
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Read());

        Assert.Equal("NOTIFIER_JWT_SECRET", error.SettingName);
        Assert.Contains("NOTIFIER_JWT_JWKS_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSettings_ShortSecret_IsRefused()
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Read(("NOTIFIER_JWT_SECRET", "too-short")));

        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSettings_TwoKeySources_AreRefused()
    {
        Assert.Throws<NotifierConfigurationException>(() => Read(
            ("NOTIFIER_JWT_SECRET", new string('s', 40)),
            ("NOTIFIER_JWT_JWKS_URL", "https://keys.example/jwks.json")));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("RS256")]
    public void FromSettings_AlgorithmNotUsableWithSecret_IsRefused(string algorithm)
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Read(
            ("NOTIFIER_JWT_SECRET", new string('s', 40)), ("NOTIFIER_JWT_ALGORITHMS", algorithm)));

        Assert.Equal("NOTIFIER_JWT_ALGORITHMS", error.SettingName);
    }

    [Fact]
    public void FromSettings_SkewOverFiveMinutes_IsRefused()
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Read(
            ("NOTIFIER_JWT_SECRET", new string('s', 40)), ("NOTIFIER_JWT_CLOCK_SKEW_SECONDS", "301")));

        Assert.Equal("NOTIFIER_JWT_CLOCK_SKEW_SECONDS", error.SettingName);
    }

    [Fact]
    public void FromSettings_Defaults_AreSecure()
    {
        var options = Read(("NOTIFIER_JWT_SECRET", new string('s', 40)));

        Assert.Equal(["HS256"], options.EffectiveAlgorithms);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ClockSkew);
        Assert.Equal("sub", options.UserIdClaim);
    }

    [Fact]
    public void FromSettings_JwksUrl_DefaultsToPublicKeyAlgorithms()
    {
        var options = Read(("NOTIFIER_JWT_JWKS_URL", "https://keys.example/jwks.json"), ("NOTIFIER_JWT_AUDIENCE", "a, b"));

        Assert.Equal(["RS256", "ES256"], options.EffectiveAlgorithms);
        Assert.Equal(["a", "b"], options.Audiences);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("30")]
    public void FromSettings_KeyTimeoutBeyondTheAuthorizersTimeout_NamesTheSetting(string seconds)
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Read(
            ("NOTIFIER_JWT_JWKS_URL", "https://keys.example/jwks.json"), ("NOTIFIER_JWT_KEYS_TIMEOUT_SECONDS", seconds)));

        Assert.Equal("NOTIFIER_JWT_KEYS_TIMEOUT_SECONDS", error.SettingName);
    }

    [Fact]
    public void Validate_KeyTimeoutSetInCodeBeyondTheMaximum_IsRefused()
    {
        var options = new JwtOptions { JwksUrl = new Uri("https://keys.example/jwks.json"), KeyFetchTimeout = TimeSpan.FromSeconds(10) };

        var error = Assert.Throws<NotifierConfigurationException>(options.Validate);

        Assert.Equal("NOTIFIER_JWT_KEYS_TIMEOUT_SECONDS", error.SettingName);
    }
}
