using System.Text.Json.Serialization;

namespace Notifier.Core.Delivery;

/// <summary>Source-generated JSON for publish bodies (Native AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PublishBody))]
internal sealed partial class PublishJsonContext : JsonSerializerContext;
