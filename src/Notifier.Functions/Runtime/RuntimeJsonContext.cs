using System.Text.Json.Serialization;

namespace Notifier.Functions.Runtime;

/// <summary>Source-generated serialization for the Runtime API's own bodies (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RuntimeErrorBody))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
