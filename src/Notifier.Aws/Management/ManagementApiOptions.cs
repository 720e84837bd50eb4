using Amazon.Runtime;

namespace Notifier.Aws.Management;

/// <summary>How <see cref="ManagementApiClient"/> signs and sends; the defaults suit a Lambda function.</summary>
public sealed class ManagementApiOptions
{
    /// <summary>The SigV4 service name of the API Gateway management API.</summary>
    public const string ServiceName = "execute-api";

    /// <summary>Whether calls are signed.</summary>
    /// <remarks>Default <see cref="ManagementApiSigning.SigV4"/>. <see cref="ManagementApiSigning.None"/> is for the local gateway only.</remarks>
    public ManagementApiSigning Signing { get; init; } = ManagementApiSigning.SigV4;

    /// <summary>The credentials to sign with, or null for the SDK's default chain.</summary>
    /// <remarks>
    /// Default null: environment variables (as Lambda sets them), profiles, then container and instance
    /// metadata. Off AWS without credentials the chain probes instance metadata, so local runs and tests
    /// pass credentials here or set <c>AWS_EC2_METADATA_DISABLED=true</c>.
    /// </remarks>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>The signing region, e.g. <c>eu-west-1</c>, or null for the SDK's lookup (<c>AWS_REGION</c>).</summary>
    /// <remarks>Default null. It must be the region of the API whose endpoint is called.</remarks>
    public string? Region { get; init; }

    /// <summary>How long one call may take, from sending to the last byte of the answer.</summary>
    /// <remarks>
    /// Default 10 s. A post that takes longer ends as <c>Unconfirmed</c> (it may have been delivered, so it is not
    /// repeated); a read or a delete as <c>TransientFailure</c>.
    /// </remarks>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most connections kept open to one endpoint.</summary>
    /// <remarks>Default 128: enough for a fan-out of 64 concurrent posts with room to spare.</remarks>
    public int MaxConnectionsPerServer { get; init; } = 128;

    /// <summary>How long a pooled connection is reused before it is replaced.</summary>
    /// <remarks>Default 5 minutes, so DNS changes of the endpoint are picked up.</remarks>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an idle pooled connection is kept.</summary>
    /// <remarks>Default 1 minute.</remarks>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        if (!Enum.IsDefined(Signing))
        {
            throw new ArgumentOutOfRangeException(nameof(Signing), Signing, "Unknown signing mode.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerServer, 1, nameof(MaxConnectionsPerServer));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PooledConnectionLifetime, TimeSpan.Zero, nameof(PooledConnectionLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PooledConnectionIdleTimeout, TimeSpan.Zero, nameof(PooledConnectionIdleTimeout));
    }
}
