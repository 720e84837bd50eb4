using System.Collections.Concurrent;
using System.Text;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.Testing.Delivery;

/// <summary>A fake channel: each connection answers from its script (then 200), and every post is recorded.</summary>
public sealed class ScriptedChannel : IConnectionChannel
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ManagementCallStatus>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string ConnectionId, string Message)> _posts = new();
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>How long each post takes.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    public IReadOnlyCollection<(string ConnectionId, string Message)> Posts => [.. _posts];

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>The answers a connection gives to its next posts, in order; after them it answers Delivered.</summary>
    public void Script(string connectionId, params ManagementCallStatus[] answers) =>
        _scripts[connectionId] = new ConcurrentQueue<ManagementCallStatus>(answers);

    /// <summary>Messages that reached <paramref name="connectionId"/> (posts answered Delivered).</summary>
    public IReadOnlyList<string> Received(string connectionId) =>
        _posts.Where(p => p.ConnectionId == connectionId + "#delivered").Select(p => p.Message).ToList();

    public int Attempts(string connectionId) => _posts.Count(p => p.ConnectionId.StartsWith(connectionId + "#", StringComparison.Ordinal));

    public async Task<PostResult> PostAsync(ConnectionRecord connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, cancellationToken);
            }

            var status = _scripts.TryGetValue(connection.ConnectionId, out var script) && script.TryDequeue(out var next)
                ? next
                : ManagementCallStatus.Succeeded;
            var suffix = status == ManagementCallStatus.Succeeded ? "#delivered" : "#" + status;
            _posts.Enqueue((connection.ConnectionId + suffix, Encoding.UTF8.GetString(message.Span)));
            return new PostResult(status, status == ManagementCallStatus.Succeeded ? null : $"scripted {status}");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
