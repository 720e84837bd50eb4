using Notifier.Core.History;

namespace Notifier.Local.Monitoring;

/// <summary>The answer of <c>GET /_local/streams</c>.</summary>
/// <param name="RetentionSeconds">How long streams keep their messages.</param>
/// <param name="Listing">False when the streams could not be read just now (a messages table that is down): <paramref name="Streams"/> is then empty, though streams may exist.</param>
/// <param name="Streams">Every stream, ordered by name (on DynamoDB, the first <see cref="Gateway.DynamoDbStreamListing.MaxStreams"/>).</param>
internal sealed record StreamsAnswer(long RetentionSeconds, bool Listing, IReadOnlyList<StreamSummary> Streams);
