using System.Collections.Concurrent;

namespace Notifier.Local.Gateway;

/// <summary>The gateway's open sockets by connection id.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public IEnumerable<LocalConnection> All => _connections.Values;

    public bool TryAdd(LocalConnection connection) => _connections.TryAdd(connection.ConnectionId, connection);

    public bool TryGet(string connectionId, out LocalConnection connection) => _connections.TryGetValue(connectionId, out connection!);

    public bool Remove(string connectionId) => _connections.TryRemove(connectionId, out _);
}
