namespace Notifier.Testing.Lambda;

/// <summary>A body posted to <c>invocation/{id}/response</c>.</summary>
public sealed record RecordedResponse(string RequestId, byte[] Body);
