namespace Notifier.Core.History;

/// <summary>Messages read from a stream, its last number, and whether nothing in between has expired.</summary>
public sealed record HistoryPage(IReadOnlyList<StoredMessage> Messages, long Last, bool Complete);
