using Notifier.Core.Connections;

namespace Notifier.Core.Delivery;

/// <summary>Posts one message to one connection: API Gateway's management API, or the local gateway's.</summary>
/// <remarks>Implementations never throw for an answer they understand; they report it as a <see cref="PostResult"/>.</remarks>
public interface IConnectionChannel
{
    /// <summary>Sends <paramref name="message"/> (UTF-8 JSON text) to <paramref name="connection"/>.</summary>
    Task<PostResult> PostAsync(ConnectionRecord connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);
}
