using System.Text.Json.Serialization;

namespace Notifier.Aws.Events;

/// <summary>One IAM statement about <c>execute-api:Invoke</c>.</summary>
public sealed class PolicyStatement
{
    [JsonPropertyName("Action")]
    public string Action { get; set; } = "execute-api:Invoke";

    [JsonPropertyName("Effect")]
    public string Effect { get; set; } = "Deny";

    [JsonPropertyName("Resource")]
    public string Resource { get; set; } = "*";
}
