using Amazon.Runtime;
using Notifier.Aws.Management;

namespace Notifier.Aws.Tests.Management;

/// <summary>Management clients for tests: dummy credentials in code (the default chain is never consulted), short timeouts.</summary>
internal static class TestManagementClients
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";

    /// <summary>A real-looking connection id whose <c>+</c>, <c>/</c> and <c>=</c> must be escaped in the path.</summary>
    public const string AwkwardConnectionId = "L0SM+cOF/HcCIhw=";

    /// <summary>Bounds every awaited call in a test.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public static ManagementApiClient Signed(TimeSpan? timeout = null) => new(new ManagementApiOptions
    {
        Credentials = new BasicAWSCredentials(AccessKeyId, SecretKey),
        Region = Region,
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
    });

    public static ManagementApiClient Unsigned(TimeSpan? timeout = null) => new(new ManagementApiOptions
    {
        Signing = ManagementApiSigning.None,
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
    });
}
