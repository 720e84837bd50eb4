namespace Notifier.Core.Sharding;

/// <summary>The <c>202</c> answer to a large send: its id, to read its report at <c>GET /notifications/{messageId}</c>, and how many shards it started with.</summary>
public sealed record SendAccepted(string MessageId, int Shards);
