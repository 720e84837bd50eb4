using System.Text.Json;
using System.Text.Json.Serialization;
using Notifier.Core;
using Notifier.Local.Gateway;

namespace Notifier.Local.Monitoring;

/// <summary>Source-generated JSON for everything the dashboard's endpoints answer (camelCase, as the page reads it).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HandshakeEvent))]
[JsonSerializable(typeof(ConnectEvent))]
[JsonSerializable(typeof(DisconnectEvent))]
[JsonSerializable(typeof(MessageEvent))]
[JsonSerializable(typeof(PublishEvent))]
[JsonSerializable(typeof(ShardEvent))]
[JsonSerializable(typeof(ManagementEvent))]
[JsonSerializable(typeof(DroppedNotice))]
[JsonSerializable(typeof(MetricsPoint))]
[JsonSerializable(typeof(MetricsAnswer))]
[JsonSerializable(typeof(PublishDetails))]
[JsonSerializable(typeof(IReadOnlyList<TopicMembersJson>))]
[JsonSerializable(typeof(StreamsAnswer))]
[JsonSerializable(typeof(IReadOnlyList<LocalConnectionJson>))]
[JsonSerializable(typeof(DashboardError))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext
{
    /// <summary>The context every dashboard answer is written with: ids and text as written (<see cref="ReadableJsonEncoder"/>), as in every other answer of the notifier.</summary>
    public static DashboardJsonContext Readable { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = ReadableJsonEncoder.Instance });
}
