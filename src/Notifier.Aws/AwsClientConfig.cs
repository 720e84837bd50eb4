using Amazon;
using Amazon.Runtime;

namespace Notifier.Aws;

/// <summary>The one way the project's SDK clients are pointed at AWS or at an emulator, for every service.</summary>
internal static class AwsClientConfig
{
    /// <summary>The signing region used with an endpoint override when none is given.</summary>
    public const string LocalRegion = "us-east-1";

    /// <summary>Sets the endpoint, region, timeout and retries on <paramref name="config"/>; returns the credentials to create the client with (null: the SDK's lookup).</summary>
    /// <remarks>
    /// With an endpoint override, credentials default to the environment's keys, else to <see cref="LocalCredentials"/>,
    /// which emulators accept, so a local run needs no AWS profile.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="endpointUrl"/> is not an absolute http(s) URL.</exception>
    public static AWSCredentials? Apply(
        ClientConfig config,
        string service,
        string? endpointUrl,
        string? region,
        AWSCredentials? credentials,
        TimeSpan? timeout,
        int? maxErrorRetry)
    {
        if (!string.IsNullOrWhiteSpace(endpointUrl))
        {
            if (!Uri.TryCreate(endpointUrl, UriKind.Absolute, out var endpoint)
                || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The {service} endpoint '{endpointUrl}' is not an absolute http(s) URL.", nameof(endpointUrl));
            }

            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(region) ? LocalRegion : region;
            credentials ??= HasEnvironmentCredentials() ? new EnvironmentVariablesAWSCredentials() : LocalCredentials();
        }
        else if (!string.IsNullOrWhiteSpace(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (timeout is { } httpTimeout)
        {
            config.Timeout = httpTimeout;
        }

        if (maxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        return credentials;
    }

    /// <summary>Credentials for emulators, which accept any key.</summary>
    public static AWSCredentials LocalCredentials() => new BasicAWSCredentials("local", "local");

    private static bool HasEnvironmentCredentials() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
}
