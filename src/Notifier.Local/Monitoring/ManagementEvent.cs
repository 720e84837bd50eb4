namespace Notifier.Local.Monitoring;

/// <summary>A call to the management API (<c>POST|GET|DELETE /{stage}/@connections/{id}</c>) and its answer's status.</summary>
internal sealed record ManagementEvent(string Method, int Status) : FeedEvent
{
    public override string Kind => "management";
}
