namespace Notifier.Core.Topics;

/// <summary>How many connections are subscribed to a topic.</summary>
public sealed record TopicMembers(string Topic, int Members);
