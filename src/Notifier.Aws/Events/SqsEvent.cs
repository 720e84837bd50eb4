using System.Text.Json.Serialization;

namespace Notifier.Aws.Events;

/// <summary>A batch of SQS messages delivered to a function.</summary>
public sealed class SqsEvent
{
    [JsonPropertyName("Records")]
    public List<SqsMessage>? Records { get; set; }
}
