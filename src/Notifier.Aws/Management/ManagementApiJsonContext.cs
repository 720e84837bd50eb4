using System.Text.Json.Serialization;

namespace Notifier.Aws.Management;

/// <summary>Source-generated JSON for the management API's answers (no reflection, Native AOT safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    MaxDepth = 16)]
[JsonSerializable(typeof(GetConnectionResponse))]
internal sealed partial class ManagementApiJsonContext : JsonSerializerContext;
