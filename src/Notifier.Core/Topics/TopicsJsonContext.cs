using System.Text.Json.Serialization;

namespace Notifier.Core.Topics;

/// <summary>Source-generated JSON for presence and topic member answers (Native AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Presence))]
[JsonSerializable(typeof(TopicMembers))]
public sealed partial class TopicsJsonContext : JsonSerializerContext;
