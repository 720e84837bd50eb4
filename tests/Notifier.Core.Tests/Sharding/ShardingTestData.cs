using System.Text;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;

namespace Notifier.Core.Tests.Sharding;

/// <summary>What the sharding tests seed a store with and publish: connections in numbered batches, and parsed publish bodies.</summary>
internal static class ShardingTestData
{
    public const string Endpoint = "http://127.0.0.1/local";

    /// <summary>Adds <paramref name="count"/> connections <c>{prefix}0</c>, <c>{prefix}1</c>, ... (users <c>user{prefix}{i}</c> unless <paramref name="user"/> names them), each subscribed to <paramref name="topic"/> when given.</summary>
    public static async Task<List<string>> ConnectAsync(
        InMemoryConnectionStore store, int count, string prefix, string? topic = null, Func<int, string>? user = null, string? protocol = null)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var record = TestRecords.Settled($"{prefix}{i}", user?.Invoke(i) ?? $"user{prefix}{i}", Endpoint) with { Protocol = protocol };
            await store.AddAsync(record);
            if (topic is not null)
            {
                await store.SubscribeAsync(record, topic);
            }

            ids.Add(record.ConnectionId);
        }

        return ids;
    }

    public static PublishRequest Parse(string json) =>
        PublishRequest.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error, out _) ? request! : throw new InvalidOperationException(error);
}
