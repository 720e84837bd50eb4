using Notifier.Auth.Tokens;
using Notifier.Core.Configuration;
using Notifier.Testing.Tokens;

namespace Notifier.Auth.Tests.Tokens;

public sealed class TokenValidatorTopicsTests
{
    private static TokenValidator Validator(string topicsClaim = "topics") =>
        new(new JwtOptions { Secret = TestTokens.Secret, TopicsClaim = topicsClaim });

    private static string TokenWith(string claim, object value) =>
        TestTokens.Create("alice", claims: new Dictionary<string, object> { [claim] = value });

    [Fact]
    public async Task ValidateAsync_ArrayClaim_ReadsEveryStringEntry()
    {
        var check = await Validator().ValidateAsync(TokenWith("topics", new[] { "orders/*", "room:1" }));

        Assert.Equal(["orders/*", "room:1"], check.Topics.Entries);
        Assert.True(check.Topics.Allows("orders/42", "alice"));
    }

    [Fact]
    public async Task ValidateAsync_SingleStringClaim_IsOneEntry()
    {
        var check = await Validator().ValidateAsync(TokenWith("topics", "room:1"));

        Assert.Equal(["room:1"], check.Topics.Entries);
    }

    [Fact]
    public async Task ValidateAsync_NoClaim_GrantsOnlyTheUsersTopic()
    {
        var check = await Validator().ValidateAsync(TestTokens.Create("alice"));

        Assert.Empty(check.Topics.Entries);
        Assert.True(check.Topics.Allows("user:alice", "alice"));
        Assert.False(check.Topics.Allows("user:bob", "alice"));
    }

    [Fact]
    public async Task ValidateAsync_MixedEntries_KeepsWellFormedStringsOnly()
    {
        var check = await Validator().ValidateAsync(TokenWith("topics", new object[] { "room:1", 42, "bad topic", true, "doc:*" }));

        Assert.Equal(TokenCheck.Kind.Valid, check.Status);
        Assert.Equal(["room:1", "doc:*"], check.Topics.Entries);
    }

    [Fact]
    public async Task ValidateAsync_ConfiguredClaimName_IsTheOneRead()
    {
        var token = TestTokens.Create("alice", claims: new Dictionary<string, object> { ["topics"] = new[] { "a" }, ["rooms"] = new[] { "b" } });

        var check = await Validator(topicsClaim: "rooms").ValidateAsync(token);

        Assert.Equal(["b"], check.Topics.Entries);
    }

    [Theory]
    [InlineData("rooms", "rooms")]
    [InlineData(null, "topics")]
    public void FromSettings_TopicsClaim_DefaultsToTopics(string? setting, string expected)
    {
        var settings = new Dictionary<string, string?> { [JwtOptions.SecretVariable] = TestTokens.Secret, [JwtOptions.TopicsClaimVariable] = setting };

        var options = JwtOptions.FromSettings(new SettingsReader(settings.GetValueOrDefault));

        Assert.Equal(expected, options.TopicsClaim);
    }

    [Fact]
    public void FromSettings_TopicsClaimSameAsUserClaim_FailsNamingTheSetting()
    {
        var settings = new Dictionary<string, string?> { [JwtOptions.SecretVariable] = TestTokens.Secret, [JwtOptions.TopicsClaimVariable] = "sub" };

        var error = Assert.Throws<NotifierConfigurationException>(() => JwtOptions.FromSettings(new SettingsReader(settings.GetValueOrDefault)));

        Assert.Equal(JwtOptions.TopicsClaimVariable, error.SettingName);
    }
}
