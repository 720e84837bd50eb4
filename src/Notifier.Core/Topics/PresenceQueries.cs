using System.Text.Json;
using Notifier.Core.Delivery;

namespace Notifier.Core.Topics;

/// <summary>
/// The read side of the publish API: <c>GET /users/{userId}/presence</c> and <c>GET /topics/{topic}/members</c>,
/// answered with JSON, for the local gateway and the Lambda publish function alike.
/// </summary>
/// <remarks>
/// Paths are read raw (percent-escapes decoded here), so a user id may contain escaped <c>/</c> and a
/// topic's own slashes need no escaping: <c>/topics/orders/42/members</c> is the topic <c>orders/42</c>.
/// </remarks>
public sealed class PresenceQueries
{
    private const string UsersPrefix = "/users/";
    private const string PresenceSuffix = "/presence";
    private const string TopicsPrefix = "/topics/";
    private const string MembersSuffix = "/members";

    private readonly NotificationSender _sender;

    public PresenceQueries(NotificationSender sender)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
    }

    /// <summary>Whether <paramref name="rawPath"/> (without query) is one of the two read paths.</summary>
    public static bool Matches(string rawPath) => UserOf(rawPath) is not null || TopicOf(rawPath) is not null;

    /// <summary>The status and JSON body answering a GET of <paramref name="rawPath"/>; 404 for any other path.</summary>
    /// <remarks>Failures of the store are not caught here: the caller answers them with 503 as it does for sends.</remarks>
    public async Task<(int Status, string Body)> AnswerAsync(string rawPath, CancellationToken cancellationToken = default)
    {
        if (UserOf(rawPath) is { } userId)
        {
            if (userId.Length == 0)
            {
                return (400, ErrorBody.For("name a user: /users/{userId}/presence"));
            }

            var presence = await _sender.GetPresenceAsync(userId, cancellationToken).ConfigureAwait(false);
            return (200, JsonSerializer.Serialize(presence, TopicsJsonContext.Default.Presence));
        }

        if (TopicOf(rawPath) is { } topic)
        {
            if (TopicName.Problem(topic) is { } problem)
            {
                return (400, ErrorBody.For(problem));
            }

            var members = await _sender.CountTopicMembersAsync(topic, cancellationToken).ConfigureAwait(false);
            return (200, JsonSerializer.Serialize(members, TopicsJsonContext.Default.TopicMembers));
        }

        return (404, ErrorBody.For("no such resource: GET /users/{userId}/presence or /topics/{topic}/members"));
    }

    private static string? UserOf(string rawPath) => Between(rawPath, UsersPrefix, PresenceSuffix);

    private static string? TopicOf(string rawPath) => Between(rawPath, TopicsPrefix, MembersSuffix);

    private static string? Between(string path, string prefix, string suffix) =>
        path.Length >= prefix.Length + suffix.Length
        && path.StartsWith(prefix, StringComparison.Ordinal)
        && path.EndsWith(suffix, StringComparison.Ordinal)
            ? Uri.UnescapeDataString(path[prefix.Length..^suffix.Length])
            : null;
}
