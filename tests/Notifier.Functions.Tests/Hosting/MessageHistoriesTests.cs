using Microsoft.Extensions.Time.Testing;
using Notifier.Aws.History;
using Notifier.Core.Configuration;
using Notifier.Core.History;
using Notifier.Functions.Hosting;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Hosting;

/// <summary>The message history the functions build from their settings; no call reaches DynamoDB.</summary>
public sealed class MessageHistoriesTests
{
    private static Dictionary<string, string> DynamoDbSettings() => new()
    {
        [MessageHistories.TableNameVariable] = "messages",
        [ConnectionStores.DynamoDbUrlVariable] = "http://127.0.0.1:9/",
    };

    private static IMessageHistory Build(Dictionary<string, string> settings, TimeProvider? time = null) =>
        MessageHistories.FromSettings(
            new SettingsReader(settings.GetValueOrDefault), time ?? TimeProvider.System, new CapturingLoggerProvider().CreateFactory());

    [Fact]
    public void FromSettings_TableNamed_IsDynamoDbOverThatTable_KeepingAnHourByDefault()
    {
        var history = Assert.IsType<DynamoDbMessageHistory>(Build(DynamoDbSettings()));

        Assert.Equal("messages", history.TableName);
        Assert.Equal(TimeSpan.FromHours(1), history.Retention);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("60", 60)]
    [InlineData("86400", 86400)]
    public void FromSettings_HistorySeconds_ReachesTheDynamoDbHistory(string value, int seconds)
    {
        var settings = DynamoDbSettings();
        settings[HistoryOptions.RetentionVariable] = value;

        var history = Assert.IsType<DynamoDbMessageHistory>(Build(settings));

        Assert.Equal(TimeSpan.FromSeconds(seconds), history.Retention);
    }

    [Fact]
    public async Task FromSettings_NoTableOutsideLambda_IsInMemory_WithTheRetention()
    {
        var time = new FakeTimeProvider();
        var history = Assert.IsType<InMemoryMessageHistory>(Build(new() { [HistoryOptions.RetentionVariable] = "60" }, time));

        await history.AppendAsync("user:alice", "m-1", "{}"u8.ToArray());
        var kept = await history.ReadAsync("user:alice", 0, 10);
        time.Advance(TimeSpan.FromSeconds(60));
        var expired = await history.ReadAsync("user:alice", 0, 10);

        Assert.Single(kept.Messages);
        Assert.Empty(expired.Messages);
    }

    [Fact]
    public void FromSettings_NoTableInLambda_FailsNamingTheSetting()
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Build(new() { ["AWS_LAMBDA_FUNCTION_NAME"] = "notifier-test-publish" }));

        Assert.Equal("NOTIFIER_MESSAGES_TABLE_NAME", error.SettingName);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("2678401")]
    [InlineData("an hour")]
    public void FromSettings_HistorySecondsOutOfRange_FailsNamingTheSetting(string value)
    {
        var settings = DynamoDbSettings();
        settings[HistoryOptions.RetentionVariable] = value;

        var error = Assert.Throws<NotifierConfigurationException>(() => Build(settings));

        Assert.Equal("NOTIFIER_HISTORY_SECONDS", error.SettingName);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSettings_BadDynamoDbUrl_FailsNamingTheSetting()
    {
        var settings = DynamoDbSettings();
        settings[ConnectionStores.DynamoDbUrlVariable] = "not a url";

        var error = Assert.Throws<NotifierConfigurationException>(() => Build(settings));

        Assert.Equal("NOTIFIER_DYNAMODB_URL", error.SettingName);
    }
}
