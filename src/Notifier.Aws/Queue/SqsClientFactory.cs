using Amazon;
using Amazon.Runtime;
using Amazon.SQS;
using Notifier.Aws.Connections;

namespace Notifier.Aws.Queue;

/// <summary>Creates the SQS client for AWS or for a local endpoint.</summary>
/// <remarks>
/// Without an endpoint the SDK's defaults apply: credentials and region from the environment, as Lambda
/// provides them. With an endpoint override the region defaults to <see cref="LocalRegion"/> and, unless
/// credentials are given or set in <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>, dummy credentials
/// are used, so a local run never probes instance metadata.
/// </remarks>
public static class SqsClientFactory
{
    /// <summary>The signing region used with an endpoint override when none is given.</summary>
    public const string LocalRegion = AwsClientConfig.LocalRegion;

    /// <summary>Creates a client for <paramref name="endpointUrl"/> (or AWS when null) in <paramref name="region"/>.</summary>
    /// <param name="endpointUrl">An absolute http(s) URL, e.g. <c>http://127.0.0.1:9324</c>; null for AWS.</param>
    /// <param name="region">The AWS region, e.g. <c>eu-west-1</c>; null for the SDK's lookup (<c>AWS_REGION</c>).</param>
    /// <param name="credentials">Explicit credentials; null for the rules above.</param>
    /// <param name="timeout">The HTTP timeout per attempt; null for the SDK's default.</param>
    /// <param name="maxErrorRetry">Retries per call; null for the SDK's default.</param>
    public static AmazonSQSClient CreateClient(
        string? endpointUrl = null,
        string? region = null,
        AWSCredentials? credentials = null,
        TimeSpan? timeout = null,
        int? maxErrorRetry = null)
    {
        var config = new AmazonSQSConfig();
        credentials = AwsClientConfig.Apply(config, "SQS", endpointUrl, region, credentials, timeout, maxErrorRetry);
        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }
}
