using Amazon.Runtime;
using Notifier.Aws.Management;
using Notifier.Core.Configuration;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;

namespace Notifier.Publisher.Tests;

/// <summary>Misconfiguration fails when the publisher is created, naming the setting; nothing here does I/O.</summary>
public sealed class NotifierPublisherOptionsTests
{
    [Theory]
    [InlineData("NoTableName", "TableName")]
    [InlineData("BlankTableName", "TableName")]
    [InlineData("RelativeDynamoDbServiceUrl", "DynamoDbServiceUrl")]
    [InlineData("FtpDynamoDbServiceUrl", "DynamoDbServiceUrl")]
    [InlineData("RelativeManagementEndpoint", "ManagementEndpointOverride")]
    [InlineData("ManagementEndpointWithQuery", "ManagementEndpointOverride")]
    [InlineData("UnknownSigning", "Signing")]
    [InlineData("ZeroManagementTimeout", "ManagementTimeout")]
    [InlineData("ZeroTopicPartitions", "TopicPartitions")]
    [InlineData("TooManyTopicPartitions", "TopicPartitions")]
    [InlineData("ZeroConcurrency", "Delivery")]
    [InlineData("NullDelivery", "Delivery")]
    [InlineData("NegativeConnectGrace", "Delivery")]
    public void Constructor_InvalidSetting_ThrowsNamingTheSetting(string scenario, string setting)
    {
        var exception = Assert.Throws<NotifierConfigurationException>(() => new NotifierPublisher(Options(scenario)));

        Assert.Equal(setting, exception.SettingName);
        Assert.StartsWith(setting + ":", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_StoreGiven_NeedsNoTableName()
    {
        using var publisher = new NotifierPublisher(new NotifierPublisherOptions { Signing = ManagementApiSigning.None }, new UnavailableConnectionStore());
    }

    [Fact]
    public void Constructor_TableRegionAndCredentials_SucceedsWithoutCallingAws()
    {
        using var publisher = new NotifierPublisher(new NotifierPublisherOptions
        {
            TableName = "notifier-connections",
            Region = "eu-west-1",
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        });
    }

    [Fact]
    public async Task SendToUserAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var publisher = new NotifierPublisher(new NotifierPublisherOptions { Signing = ManagementApiSigning.None }, new UnavailableConnectionStore());
        await publisher.DisposeAsync();
        publisher.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => publisher.SendToUserAsync("alice", "{}"));
    }

    private static NotifierPublisherOptions Options(string scenario)
    {
        const ManagementApiSigning Unsigned = ManagementApiSigning.None;
        return scenario switch
        {
            "NoTableName" => new() { Signing = Unsigned },
            "BlankTableName" => new() { TableName = " ", Signing = Unsigned },
            "RelativeDynamoDbServiceUrl" => new() { TableName = "t", Signing = Unsigned, DynamoDbServiceUrl = new Uri("dynalite", UriKind.Relative) },
            "FtpDynamoDbServiceUrl" => new() { TableName = "t", Signing = Unsigned, DynamoDbServiceUrl = new Uri("ftp://127.0.0.1:8000") },
            "RelativeManagementEndpoint" => new() { TableName = "t", Signing = Unsigned, ManagementEndpointOverride = new Uri("/local", UriKind.Relative) },
            "ManagementEndpointWithQuery" => new() { TableName = "t", Signing = Unsigned, ManagementEndpointOverride = new Uri("http://127.0.0.1:8080/local?x=1") },
            "UnknownSigning" => new() { TableName = "t", Signing = (ManagementApiSigning)42 },
            "ZeroManagementTimeout" => new() { TableName = "t", Signing = Unsigned, ManagementTimeout = TimeSpan.Zero },
            "ZeroTopicPartitions" => new() { TableName = "t", Signing = Unsigned, TopicPartitions = 0 },
            "TooManyTopicPartitions" => new() { TableName = "t", Signing = Unsigned, TopicPartitions = 1001 },
            "ZeroConcurrency" => new() { TableName = "t", Signing = Unsigned, Delivery = new DeliveryOptions { MaxConcurrency = 0 } },
            "NullDelivery" => new() { TableName = "t", Signing = Unsigned, Delivery = null! },
            "NegativeConnectGrace" => new() { TableName = "t", Signing = Unsigned, Delivery = new DeliveryOptions { ConnectGrace = TimeSpan.FromSeconds(-1) } },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }
}
