using System.Text.Json;

namespace Notifier.Local.Monitoring;

/// <summary>The answer of <c>GET /_local/publishes/{publishId}</c>: the message, the answer, and the outcome per connection.</summary>
/// <param name="PublishId">The publish's message id.</param>
/// <param name="Time">When it was answered (ISO 8601, UTC).</param>
/// <param name="Target">Whom it addressed; null when the request could not be read.</param>
/// <param name="Message">The message as published; null when the request could not be read.</param>
/// <param name="Report">The publish answer's body; null when it was not JSON.</param>
/// <param name="Status">The HTTP status of the answer.</param>
/// <param name="Outcomes">At most <see cref="PublishRecord.MaxOutcomes"/>, collected from the shards as they finish for a sharded send.</param>
/// <param name="OutcomesTruncated">True when more connections had an outcome than are listed.</param>
internal sealed record PublishDetails(
    string PublishId,
    string Time,
    PublishTarget? Target,
    JsonElement? Message,
    int Status,
    JsonElement? Report,
    IReadOnlyList<ConnectionOutcomeJson> Outcomes,
    bool OutcomesTruncated);
