namespace Notifier.Local.Monitoring;

/// <summary>Whom a publish addressed.</summary>
/// <param name="Kind"><c>user</c>, <c>users</c>, <c>topic</c>, <c>connection</c> or <c>broadcast</c>.</param>
/// <param name="Value">The user id, topic or connection id; for <c>users</c> how many (<c>"3 users"</c>); null for a broadcast.</param>
internal sealed record PublishTarget(string Kind, string? Value);
