using System.Text.Json.Serialization;

namespace Notifier.Core.Delivery;

/// <summary>Source-generated JSON for delivery reports (Native AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DeliveryReportJson))]
public sealed partial class DeliveryJsonContext : JsonSerializerContext;
