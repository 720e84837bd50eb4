using System.Net.WebSockets;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Gateway;

/// <summary>Delivers straight to the gateway's sockets, answering as the management API would (Gone for an unknown or closed socket).</summary>
internal sealed class LocalChannel : IConnectionChannel
{
    private readonly ConnectionRegistry _registry;
    private readonly int _maxMessageBytes;

    public LocalChannel(ConnectionRegistry registry, int maxMessageBytes)
    {
        _registry = registry;
        _maxMessageBytes = maxMessageBytes;
    }

    public async Task<PostResult> PostAsync(ConnectionRecord connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var result = await PostOnceAsync(connection, message, cancellationToken).ConfigureAwait(false);
        // The dashboard shows each publish's outcome per connection; a retry's answer replaces the one before.
        PublishTrace.Current?.Posted(connection.ConnectionId, connection.UserId, result.Status);
        return result;
    }

    private async Task<PostResult> PostOnceAsync(ConnectionRecord connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (message.Length > _maxMessageBytes)
        {
            return new PostResult(ManagementCallStatus.PayloadTooLarge, "413 PayloadTooLargeException");
        }

        if (!_registry.TryGet(connection.ConnectionId, out var socket))
        {
            return new PostResult(ManagementCallStatus.Gone, "410 GoneException");
        }

        try
        {
            return await socket.SendAsync(message, WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false)
                ? PostResult.Delivered
                : new PostResult(ManagementCallStatus.Failed, "the connection read nothing in time and was closed");
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            return new PostResult(ManagementCallStatus.Gone, "410 GoneException");
        }
    }
}
