using Notifier.Core.History;

namespace Notifier.Local.Monitoring;

/// <summary>The answer of <c>GET /_local/streams</c>.</summary>
/// <param name="RetentionSeconds">How long streams keep their messages.</param>
/// <param name="Listing">False when the history cannot list its streams (DynamoDB): <paramref name="Streams"/> is then empty, though streams may exist.</param>
/// <param name="Streams">Every stream, ordered by name.</param>
internal sealed record StreamsAnswer(long RetentionSeconds, bool Listing, IReadOnlyList<StreamSummary> Streams);
