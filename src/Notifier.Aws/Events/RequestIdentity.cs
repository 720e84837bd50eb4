namespace Notifier.Aws.Events;

/// <summary><c>requestContext.identity</c>: who is on the other end of the socket.</summary>
public sealed class RequestIdentity
{
    public string? SourceIp { get; set; }

    public string? UserAgent { get; set; }
}
