using Notifier.Auth.Authorization;
using Notifier.Core.Configuration;

namespace Notifier.Auth.Tests.Authorization;

public sealed class OriginPolicyTests
{
    public static TheoryData<string, string> NeverMatching => new()
    {
        { "Path", "https://app.example.com/app" },
        { "Fragment", "https://app.example.com#top" },
        { "EmptyFragment", "https://app.example.com/#" },
        { "Query", "https://app.example.com?x=1" },
        { "UserInfo", "https://user:pass@app.example.com" },
        { "FileScheme", "file:///home/user/index.html" },
        { "OtherScheme", "ftp://app.example.com" },
        { "NoScheme", "app.example.com" },
        { "OneBadAmongGood", "https://app.example.com, https://app.example.com/path" },
    };

    public static TheoryData<string, string, string> Normalised => new()
    {
        { "DefaultHttpsPort", "https://app.example.com:443", "https://app.example.com" },
        { "DefaultHttpPort", "http://localhost:80", "http://localhost" },
        { "OtherPortKept", "https://app.example.com:8443", "https://app.example.com:8443" },
        { "UnicodeHostToPunycode", "https://bücher.example", "https://xn--bcher-kva.example" },
        { "UpperCase", "HTTPS://App.Example.COM", "https://app.example.com" },
        { "TrailingSlash", "https://app.example.com/", "https://app.example.com" },
        { "Ipv6", "http://[::1]:5173", "http://[::1]:5173" },
    };

    [Theory]
    [MemberData(nameof(NeverMatching))]
    public void FromSettings_OriginNoBrowserSends_FailsNamingTheSetting(string name, string value)
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => FromSetting(value));

        Assert.Equal(OriginPolicy.AllowedOriginsVariable, error.SettingName);
        Assert.Contains("never match", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Theory]
    [InlineData(" , ")]
    [InlineData(",")]
    [InlineData(" ,, ")]
    public void FromSettings_SetButNoOrigin_FailsInsteadOfAllowingAll(string value)
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => FromSetting(value));

        Assert.Equal(OriginPolicy.AllowedOriginsVariable, error.SettingName);
        Assert.Contains("names no origin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void FromSettings_UnsetOrEmpty_AllowsEveryOrigin(string? value)
    {
        var policy = FromSetting(value);

        Assert.False(policy.IsRestricted);
        Assert.True(policy.IsAllowed("https://anything.example"));
    }

    [Theory]
    [MemberData(nameof(Normalised))]
    public void FromSettings_OriginAsWritten_MatchesWhatBrowsersSend(string name, string configured, string browserSends)
    {
        var policy = FromSetting(configured);

        Assert.True(policy.IsAllowed(browserSends), name);
        Assert.Equal([browserSends], policy.AllowedOrigins);
    }

    [Theory]
    [InlineData("https://app.example.com.evil.example")]
    [InlineData("http://app.example.com")]
    [InlineData("https://app.example.com:8443")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData(null)]
    public void IsAllowed_NotListed_IsRefused(string? origin)
    {
        var policy = FromSetting("https://app.example.com");

        Assert.False(policy.IsAllowed(origin));
    }

    private static OriginPolicy FromSetting(string? value) =>
        OriginPolicy.FromSettings(new SettingsReader(name => name == OriginPolicy.AllowedOriginsVariable ? value : null));
}
