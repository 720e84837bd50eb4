using Amazon;
using Amazon.Runtime;
using Notifier.Aws.Connections;
using Notifier.Aws.Queue;

namespace Notifier.Aws.Tests;

/// <summary>The DynamoDB and SQS factories point their clients the same way (one rule, <c>AwsClientConfig</c>): each case runs for both.</summary>
public sealed class AwsClientFactoryTests
{
    public static TheoryData<string> Services => ["DynamoDB", "SQS"];

    [Theory]
    [MemberData(nameof(Services))]
    public void CreateClient_EndpointOverride_UsesItWithTheLocalRegion(string service)
    {
        using var client = Create(service, "http://127.0.0.1:8000");

        Assert.Equal("http://127.0.0.1:8000/", client.Config.ServiceURL);
        Assert.Equal(DynamoDbClientFactory.LocalRegion, client.Config.AuthenticationRegion);
        Assert.Equal(SqsClientFactory.LocalRegion, client.Config.AuthenticationRegion);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void CreateClient_EndpointAndRegion_SignsForThatRegion(string service)
    {
        using var client = Create(service, "http://localhost:8000", "eu-west-1");

        Assert.Equal("eu-west-1", client.Config.AuthenticationRegion);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void CreateClient_RegionWithoutEndpoint_UsesTheRegionalEndpoint(string service)
    {
        using var client = Create(service, region: "eu-west-1");

        Assert.Equal(RegionEndpoint.EUWest1, client.Config.RegionEndpoint);
        Assert.Null(client.Config.ServiceURL);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void CreateClient_TimeoutAndRetries_AreApplied(string service)
    {
        using var client = Create(service, "http://127.0.0.1:8000", timeout: TimeSpan.FromSeconds(3), maxErrorRetry: 1);

        Assert.Equal(TimeSpan.FromSeconds(3), client.Config.Timeout);
        Assert.Equal(1, client.Config.MaxErrorRetry);
    }

    [Theory]
    [InlineData("DynamoDB", "localhost:8000")]
    [InlineData("DynamoDB", "ftp://127.0.0.1:8000")]
    [InlineData("DynamoDB", "/relative")]
    [InlineData("SQS", "localhost:8000")]
    [InlineData("SQS", "ftp://127.0.0.1:8000")]
    [InlineData("SQS", "/relative")]
    public void CreateClient_EndpointNotAnHttpUrl_ThrowsNamingItAndTheService(string service, string endpoint)
    {
        var failure = Assert.Throws<ArgumentException>(() => Create(service, endpoint));

        Assert.Contains(endpoint, failure.Message, StringComparison.Ordinal);
        Assert.Contains(service, failure.Message, StringComparison.Ordinal);
    }

    private static AmazonServiceClient Create(string service, string? endpoint = null, string? region = null, TimeSpan? timeout = null, int? maxErrorRetry = null) =>
        service switch
        {
            "DynamoDB" => DynamoDbClientFactory.CreateClient(endpoint, region, DynamoDbClientFactory.LocalCredentials(), timeout, maxErrorRetry),
            "SQS" => SqsClientFactory.CreateClient(endpoint, region, DynamoDbClientFactory.LocalCredentials(), timeout, maxErrorRetry),
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a service the project creates clients for"),
        };
}
