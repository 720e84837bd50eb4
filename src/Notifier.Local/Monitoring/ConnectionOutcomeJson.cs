namespace Notifier.Local.Monitoring;

/// <summary>What one publish did to one connection.</summary>
/// <param name="ConnectionId">The connection posted to.</param>
/// <param name="UserId">Its user; null when the connection was not known.</param>
/// <param name="Outcome"><c>delivered</c>, <c>gone</c>, <c>throttled</c> or <c>failed</c>.</param>
internal sealed record ConnectionOutcomeJson(string ConnectionId, string? UserId, string Outcome);
