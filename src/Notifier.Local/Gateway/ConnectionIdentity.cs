namespace Notifier.Local.Gateway;

/// <summary>Who connected, from where and when, as API Gateway reports it in <c>requestContext.identity</c>.</summary>
internal sealed record ConnectionIdentity(string SourceIp, string UserAgent, DateTimeOffset ConnectedAt);
