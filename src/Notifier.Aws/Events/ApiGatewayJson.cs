using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Aws.Events;

/// <summary>The serializer settings for API Gateway JSON, shared by every function.</summary>
/// <remarks>
/// The relaxed encoder writes <c>"</c> inside a string as <c>\"</c> rather than <c>\u0022</c>: the
/// output never lands in HTML, and the replies a client reads stay as compact as what it sent.
/// </remarks>
public static class ApiGatewayJson
{
    public static ApiGatewayJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 32,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
