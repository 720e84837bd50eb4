namespace Notifier.Core.History;

/// <summary>Where a client stands in one stream: the last number it received there.</summary>
/// <param name="Stream">The stream, e.g. <c>user:alice</c> or <c>orders/42</c>.</param>
/// <param name="After">The last number received; the stream's messages numbered above it are the ones to send.</param>
public sealed record StreamPosition(string Stream, long After);
