using System.Text.Json.Serialization;

namespace Notifier.Core.Sharding;

/// <summary>Source-generated JSON for shards and send summaries (Native AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShardBody))]
[JsonSerializable(typeof(SendSummary))]
[JsonSerializable(typeof(SendAccepted))]
internal sealed partial class ShardJsonContext : JsonSerializerContext;
