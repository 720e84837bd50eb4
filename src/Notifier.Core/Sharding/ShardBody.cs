using System.Text.Json;

namespace Notifier.Core.Sharding;

/// <summary>A shard's queue body as read: <c>{"shard":{...},"message":...}</c>.</summary>
internal sealed record ShardBody(ShardFields? Shard, JsonElement Message);
