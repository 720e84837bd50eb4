using System.Text.Json.Serialization;

namespace Notifier.Aws.Events;

/// <summary>Source-generated JSON for API Gateway's events and responses (no reflection, Native AOT safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false,
    MaxDepth = 32)]
[JsonSerializable(typeof(WebSocketAuthorizerRequest))]
[JsonSerializable(typeof(WebSocketEvent))]
[JsonSerializable(typeof(WebSocketResponse))]
[JsonSerializable(typeof(AuthorizerResponse))]
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
public sealed partial class ApiGatewayJsonContext : JsonSerializerContext;
