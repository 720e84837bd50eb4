namespace Notifier.Aws.Management;

/// <summary>The JSON body of a GetConnection answer.</summary>
internal sealed class GetConnectionResponse
{
    public DateTimeOffset? ConnectedAt { get; set; }

    public GetConnectionIdentity? Identity { get; set; }

    public DateTimeOffset? LastActiveAt { get; set; }
}
