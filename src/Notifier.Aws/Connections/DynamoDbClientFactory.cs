using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;

namespace Notifier.Aws.Connections;

/// <summary>Creates the DynamoDB client and connection store for AWS or for a local endpoint such as dynalite.</summary>
/// <remarks>
/// Without an endpoint the SDK's defaults apply: credentials and region from the environment, as Lambda
/// provides them. With an endpoint override the region defaults to <see cref="LocalRegion"/> and, unless
/// credentials are given or set in <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>, dummy credentials
/// are used, so a local run never probes instance metadata.
/// </remarks>
public static class DynamoDbClientFactory
{
    /// <summary>The signing region used with an endpoint override when none is given.</summary>
    public const string LocalRegion = AwsClientConfig.LocalRegion;

    /// <summary>Creates a client for <paramref name="endpointUrl"/> (or AWS when null) in <paramref name="region"/>.</summary>
    /// <param name="endpointUrl">An absolute http(s) URL, e.g. <c>http://127.0.0.1:8000</c>; null for AWS.</param>
    /// <param name="region">The AWS region, e.g. <c>eu-west-1</c>; null for the SDK's lookup (<c>AWS_REGION</c>).</param>
    /// <param name="credentials">Explicit credentials; null for the rules above.</param>
    /// <param name="timeout">The HTTP timeout per attempt; null for the SDK's default.</param>
    /// <param name="maxErrorRetry">Retries per call; null for the SDK's default (3 for DynamoDB).</param>
    public static AmazonDynamoDBClient CreateClient(
        string? endpointUrl = null,
        string? region = null,
        AWSCredentials? credentials = null,
        TimeSpan? timeout = null,
        int? maxErrorRetry = null)
    {
        var config = new AmazonDynamoDBConfig();
        credentials = AwsClientConfig.Apply(config, "DynamoDB", endpointUrl, region, credentials, timeout, maxErrorRetry);
        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }

    /// <summary>Creates a store over <paramref name="tableName"/> with a client from <see cref="CreateClient"/>.</summary>
    /// <remarks>The store keeps the client for the life of the process, as a Lambda composition root does.</remarks>
    public static DynamoDbConnectionStore CreateStore(
        string tableName,
        string? endpointUrl = null,
        string? region = null,
        TimeProvider? timeProvider = null,
        ILogger<DynamoDbConnectionStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new DynamoDbConnectionStore(CreateClient(endpointUrl, region), tableName, timeProvider, logger);
    }

    /// <summary>Credentials for emulators, which accept any key.</summary>
    public static AWSCredentials LocalCredentials() => AwsClientConfig.LocalCredentials();
}
