namespace Notifier.Testing.Lambda;

/// <summary>An event queued on the <see cref="FakeRuntimeApi"/>; the deadline is counted from when it is served.</summary>
public sealed record FakeInvocation(string RequestId, byte[] Payload, TimeSpan Timeout, string? TraceId);
