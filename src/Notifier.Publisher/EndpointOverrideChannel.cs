using Notifier.Aws.Management;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.Publisher;

/// <summary>Posts every connection through one management endpoint, whatever endpoint its record holds.</summary>
/// <remarks>Used for the local gateway and for custom domains, where the stored endpoint is not the one to call.</remarks>
internal sealed class EndpointOverrideChannel : IConnectionChannel
{
    private readonly ManagementApiClient _client;
    private readonly string _endpoint;

    public EndpointOverrideChannel(ManagementApiClient client, Uri endpoint)
    {
        _client = client;
        _endpoint = endpoint.AbsoluteUri;
    }

    public Task<PostResult> PostAsync(ConnectionRecord connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return _client.PostToConnectionAsync(_endpoint, connection.ConnectionId, message, cancellationToken);
    }
}
