using Notifier.Aws.Connections;
using Notifier.Core.Configuration;
using Notifier.Core.Sharding;
using Notifier.Functions.Hosting;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Hosting;

/// <summary>The store the functions build from their settings; no call reaches DynamoDB.</summary>
public sealed class ConnectionStoresTests
{
    private static Dictionary<string, string> DynamoDbSettings() => new()
    {
        [ConnectionStores.TableNameVariable] = "connections",
        [ConnectionStores.TopicsTableNameVariable] = "topics",
        [ConnectionStores.DynamoDbUrlVariable] = "http://127.0.0.1:9/",
    };

    private static IRecipientPages Build(Dictionary<string, string> settings) =>
        Assert.IsAssignableFrom<IRecipientPages>(ConnectionStores.FromSettings(
            new SettingsReader(settings.GetValueOrDefault), TimeProvider.System, new CapturingLoggerProvider().CreateFactory()));

    [Fact]
    public void FromSettings_NoTopicPartitions_UsesTheDefault()
    {
        var store = Build(DynamoDbSettings());

        Assert.IsType<DynamoDbConnectionStore>(store);
        Assert.Equal(ShardingOptions.DefaultTopicPartitions, store.TopicPartitions);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("4", 4)]
    [InlineData("1000", 1000)]
    public void FromSettings_TopicPartitions_ReachesTheStore(string value, int expected)
    {
        var settings = DynamoDbSettings();
        settings[ConnectionStores.TopicPartitionsVariable] = value;

        Assert.Equal(expected, Build(settings).TopicPartitions);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-3")]
    [InlineData("sixteen")]
    public void FromSettings_TopicPartitionsOutOfRange_FailsNamingTheSetting(string value)
    {
        var settings = DynamoDbSettings();
        settings[ConnectionStores.TopicPartitionsVariable] = value;

        var error = Assert.Throws<NotifierConfigurationException>(() => Build(settings));

        Assert.Equal("NOTIFIER_TOPIC_PARTITIONS", error.SettingName);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}
