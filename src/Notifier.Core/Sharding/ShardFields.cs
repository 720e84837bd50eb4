namespace Notifier.Core.Sharding;

/// <summary>The <c>shard</c> object of a shard's queue body.</summary>
internal sealed record ShardFields(
    string SendId,
    int Segment,
    int Segments,
    int Link,
    string? Topic,
    string? ExcludeConnectionId,
    string? Cursor,
    IReadOnlyList<string>? UserIds,
    string? MessageId = null,
    long? Seq = null);
