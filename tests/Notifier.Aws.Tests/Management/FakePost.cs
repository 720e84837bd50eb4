namespace Notifier.Aws.Tests.Management;

/// <summary>One POST the fake received: to which connection, the body as text, and the status it answered (0: the caller gave up first).</summary>
internal sealed record FakePost(string ConnectionId, string Body, int Status);
