namespace Notifier.Aws.Management;

/// <summary>Whether <see cref="ManagementApiClient"/> signs its calls.</summary>
public enum ManagementApiSigning
{
    /// <summary>AWS Signature Version 4 for the service <c>execute-api</c>, as API Gateway requires.</summary>
    SigV4,

    /// <summary>No signature: only for the local gateway when no credentials are configured.</summary>
    None,
}
