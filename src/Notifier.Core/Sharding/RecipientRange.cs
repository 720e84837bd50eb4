namespace Notifier.Core.Sharding;

/// <summary>A slice of a send's recipients that can be read page by page without reading the rest: one scan segment of every connection, or one partition of a topic's subscribers.</summary>
/// <param name="Topic">The topic whose subscribers are read, or null for every connection.</param>
/// <param name="Part">Which part, from 0 to <paramref name="Parts"/> - 1.</param>
/// <param name="Parts">
/// How many parts the recipients are split into. For every connection, any number (DynamoDB parallel scan
/// segments); for a topic, exactly <see cref="IRecipientPages.TopicPartitions"/>, since subscriptions are written
/// to that many sub-partitions of the topic.
/// </param>
public sealed record RecipientRange(string? Topic, int Part, int Parts);
