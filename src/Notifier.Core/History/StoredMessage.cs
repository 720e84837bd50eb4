namespace Notifier.Core.History;

/// <summary>One message of a stream: its number there, its id, and the message as published (compact JSON, UTF-8).</summary>
public sealed record StoredMessage(long Seq, string Id, ReadOnlyMemory<byte> Message);
