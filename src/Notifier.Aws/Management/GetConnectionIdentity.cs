namespace Notifier.Aws.Management;

/// <summary>The <c>identity</c> object of a GetConnection answer.</summary>
internal sealed class GetConnectionIdentity
{
    public string? SourceIp { get; set; }

    public string? UserAgent { get; set; }
}
