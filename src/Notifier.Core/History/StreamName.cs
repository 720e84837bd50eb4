namespace Notifier.Core.History;

/// <summary>Which stream a send's messages belong to.</summary>
public static class StreamName
{
    /// <summary>A user's stream, <c>user:{userId}</c>: every message sent to the user, by <c>userId</c> or <c>userIds</c>.</summary>
    public static string ForUser(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return Topics.TopicName.ForUser(userId);
    }

    /// <summary>A topic's stream is named by the topic.</summary>
    public static string ForTopic(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return topic;
    }
}
