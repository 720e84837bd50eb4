namespace Notifier.Core.History;

/// <summary>One stream as <see cref="IStreamListing.ListStreamsAsync"/> lists it.</summary>
/// <param name="Stream">The stream's name, e.g. <c>user:alice</c> or <c>orders/42</c>.</param>
/// <param name="LastSeq">The last number the stream gave.</param>
/// <param name="Stored">How many of its messages are still within the retention.</param>
public sealed record StreamSummary(string Stream, long LastSeq, int Stored);
