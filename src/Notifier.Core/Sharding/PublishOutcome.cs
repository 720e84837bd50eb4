using Notifier.Core.Delivery;

namespace Notifier.Core.Sharding;

/// <summary>What a publish did: sent at once (<see cref="Report"/>), or split into shards on the queue (<see cref="ShardsQueued"/> of send <see cref="SendId"/>).</summary>
public sealed record PublishOutcome(DeliveryReport? Report, string SendId, int ShardsQueued)
{
    /// <summary>True when the send was split and goes on in other invocations; its report is summed in the ledger.</summary>
    public bool Queued => Report is null;
}
