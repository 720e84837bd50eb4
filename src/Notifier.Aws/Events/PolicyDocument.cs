using System.Text.Json.Serialization;

namespace Notifier.Aws.Events;

/// <summary>An IAM policy document as an authorizer returns it.</summary>
public sealed class PolicyDocument
{
    [JsonPropertyName("Version")]
    public string Version { get; set; } = "2012-10-17";

    [JsonPropertyName("Statement")]
    public List<PolicyStatement> Statement { get; set; } = [];
}
