namespace Notifier.Core.Topics;

/// <summary>What a topic name may be: 1 to 256 characters of ASCII letters, digits and <c>-_.:/@</c>.</summary>
/// <remarks>
/// The set is small on purpose: names go into DynamoDB keys, URL paths and log lines unescaped, and
/// <c>*</c> is kept out so that it can only mean "any suffix" at the end of a token's topics claim entry.
/// </remarks>
public static class TopicName
{
    public const int MaximumLength = 256;

    /// <summary>The prefix of the topic every user may always subscribe to: <c>user:{userId}</c>.</summary>
    public const string UserTopicPrefix = "user:";

    public static bool IsValid(string? topic) => topic is { Length: > 0 and <= MaximumLength } && topic.All(IsAllowedCharacter);

    /// <summary>Why <paramref name="topic"/> is not a topic name, or null when it is one.</summary>
    public static string? Problem(string? topic) => topic switch
    {
        null or "" => "topic is empty",
        { Length: > MaximumLength } => $"topic is {topic.Length} characters; at most {MaximumLength} are allowed",
        _ when !topic.All(IsAllowedCharacter) => "topic may contain only letters, digits and -_.:/@",
        _ => null,
    };

    /// <summary>The user's own topic, <c>user:{userId}</c>.</summary>
    public static string ForUser(string userId) => UserTopicPrefix + userId;

    internal static bool IsAllowedCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '@';
}
