using Amazon;
using Notifier.Aws.Connections;
using Notifier.Aws.Queue;

namespace Notifier.Aws.Tests.Queue;

public sealed class SqsClientFactoryTests
{
    [Fact]
    public void CreateClient_EndpointOverride_UsesItWithTheLocalRegion()
    {
        using var client = SqsClientFactory.CreateClient("http://127.0.0.1:8000", credentials: DynamoDbClientFactory.LocalCredentials());

        Assert.Equal("http://127.0.0.1:8000/", client.Config.ServiceURL);
        Assert.Equal(SqsClientFactory.LocalRegion, client.Config.AuthenticationRegion);
    }

    [Fact]
    public void CreateClient_EndpointAndRegion_SignsForThatRegion()
    {
        using var client = SqsClientFactory.CreateClient("http://localhost:8000", "eu-west-1", DynamoDbClientFactory.LocalCredentials());

        Assert.Equal("eu-west-1", client.Config.AuthenticationRegion);
    }

    [Fact]
    public void CreateClient_RegionWithoutEndpoint_UsesTheRegionalEndpoint()
    {
        using var client = SqsClientFactory.CreateClient(region: "eu-west-1", credentials: DynamoDbClientFactory.LocalCredentials());

        Assert.Equal(RegionEndpoint.EUWest1, client.Config.RegionEndpoint);
        Assert.Null(client.Config.ServiceURL);
    }

    [Fact]
    public void CreateClient_TimeoutAndRetries_AreApplied()
    {
        using var client = SqsClientFactory.CreateClient(
            "http://127.0.0.1:8000", credentials: DynamoDbClientFactory.LocalCredentials(), timeout: TimeSpan.FromSeconds(3), maxErrorRetry: 1);

        Assert.Equal(TimeSpan.FromSeconds(3), client.Config.Timeout);
        Assert.Equal(1, client.Config.MaxErrorRetry);
    }

    [Theory]
    [InlineData("localhost:8000")]
    [InlineData("ftp://127.0.0.1:8000")]
    [InlineData("/relative")]
    public void CreateClient_EndpointNotAnHttpUrl_ThrowsNamingIt(string endpoint)
    {
        var failure = Assert.Throws<ArgumentException>(() => SqsClientFactory.CreateClient(endpoint));

        Assert.Contains(endpoint, failure.Message, StringComparison.Ordinal);
    }
}
