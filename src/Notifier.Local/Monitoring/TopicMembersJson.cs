namespace Notifier.Local.Monitoring;

/// <summary>One topic as <c>GET /_local/topics</c> lists it: how many open connections are subscribed.</summary>
internal sealed record TopicMembersJson(string Topic, int Members);
