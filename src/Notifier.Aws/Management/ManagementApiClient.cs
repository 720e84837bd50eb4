using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.Aws.Management;

/// <summary>
/// A small client for API Gateway's management API (<c>@connections</c>), shaped like the SDK's
/// <c>AmazonApiGatewayManagementApiClient</c>: PostToConnection, GetConnection and DeleteConnection.
/// </summary>
/// <remarks>
/// Calls are signed with SigV4 for <c>execute-api</c> by the SDK's <see cref="SigV4SigningHandler"/> over one
/// pooled <see cref="SocketsHttpHandler"/> (a body is signed through its hash, see <see cref="SignedBody"/>); keep
/// one instance for the life of the process. Answers become <see cref="PostResult"/> values and are never thrown;
/// only the caller's cancellation is.
/// There are no retries here: the sender decides, and a retry must be signed again.
/// </remarks>
public sealed partial class ManagementApiClient : IConnectionChannel, IDisposable
{
    private const int MaxResponseBytes = 64 * 1024;

    private readonly HttpClient _http;
    private readonly ManagementApiOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a client; with SigV4 signing it resolves credentials and region now.</summary>
    /// <exception cref="NotifierConfigurationException">SigV4 is asked for but no credentials or no region can be found.</exception>
    public ManagementApiClient(ManagementApiOptions? options = null, ILogger<ManagementApiClient>? logger = null)
    {
        _options = options ?? new ManagementApiOptions();
        _options.Validate();
        _logger = logger ?? NullLogger<ManagementApiClient>.Instance;

        var transport = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = _options.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = _options.PooledConnectionIdleTimeout,
            MaxConnectionsPerServer = _options.MaxConnectionsPerServer,
        };

        HttpMessageHandler handler = transport;
        if (_options.Signing == ManagementApiSigning.SigV4)
        {
            try
            {
                var credentials = _options.Credentials ?? ResolveDefaultCredentials();
                handler = new SigV4SigningHandler(credentials, ResolveRegion(_options.Region), ManagementApiOptions.ServiceName, new SignedBody.AttachHandler(transport));
            }
            catch
            {
                transport.Dispose();
                throw;
            }
        }

        _http = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
    }

    /// <summary>Sends <paramref name="data"/> to a connection: <c>POST {endpoint}/@connections/{connectionId}</c>.</summary>
    /// <param name="endpoint">The management API base URL, e.g. <c>https://{domain}/{stage}</c>.</param>
    /// <param name="connectionId">The connection id; escaped here, so pass it as API Gateway gave it.</param>
    /// <param name="data">The message bytes, sent as they are (at most 128 KB is accepted by API Gateway).</param>
    /// <param name="cancellationToken">Cancels the call; the cancellation is thrown, not reported.</param>
    public async Task<PostResult> PostToConnectionAsync(string endpoint, string connectionId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var exchange = await SendAsync("PostToConnection", HttpMethod.Post, endpoint, connectionId, data, cancellationToken).ConfigureAwait(false);
        return exchange.Result;
    }

    /// <summary>Reads a connection's details: <c>GET {endpoint}/@connections/{connectionId}</c>.</summary>
    /// <inheritdoc cref="PostToConnectionAsync" path="/param[@name='endpoint']"/>
    /// <inheritdoc cref="PostToConnectionAsync" path="/param[@name='connectionId']"/>
    /// <inheritdoc cref="PostToConnectionAsync" path="/param[@name='cancellationToken']"/>
    public async Task<ConnectionInfoResult> GetConnectionAsync(string endpoint, string connectionId, CancellationToken cancellationToken = default)
    {
        var exchange = await SendAsync("GetConnection", HttpMethod.Get, endpoint, connectionId, null, cancellationToken).ConfigureAwait(false);
        if (exchange.Result.Status != PostStatus.Delivered)
        {
            return new ConnectionInfoResult(exchange.Result.Status, null, exchange.Result.Detail);
        }

        return ParseConnection(connectionId, exchange.Body);
    }

    /// <summary>Closes a connection: <c>DELETE {endpoint}/@connections/{connectionId}</c> (204 on success).</summary>
    /// <inheritdoc cref="PostToConnectionAsync" path="/param[@name='endpoint']"/>
    /// <inheritdoc cref="PostToConnectionAsync" path="/param[@name='connectionId']"/>
    /// <inheritdoc cref="PostToConnectionAsync" path="/param[@name='cancellationToken']"/>
    public async Task<PostResult> DeleteConnectionAsync(string endpoint, string connectionId, CancellationToken cancellationToken = default)
    {
        var exchange = await SendAsync("DeleteConnection", HttpMethod.Delete, endpoint, connectionId, null, cancellationToken).ConfigureAwait(false);
        return exchange.Result;
    }

    /// <inheritdoc/>
    public Task<PostResult> PostAsync(ConnectionRecord connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return PostToConnectionAsync(connection.Endpoint, connection.ConnectionId, message, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _http.Dispose();
    }

    private static AWSCredentials ResolveDefaultCredentials()
    {
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        }
        catch (AmazonClientException e)
        {
            throw new NotifierConfigurationException(
                $"AWS_ACCESS_KEY_ID: no AWS credentials were found to sign management API calls ({e.Message}); "
                + "configure credentials, or turn signing off for the local gateway.",
                e);
        }
    }

    private static RegionEndpoint ResolveRegion(string? region)
    {
        if (!string.IsNullOrWhiteSpace(region))
        {
            return RegionEndpoint.GetBySystemName(region);
        }

        return FallbackRegionFactory.GetRegionEndpoint()
            ?? throw new NotifierConfigurationException("AWS_REGION", "no region is set for signing management API calls.");
    }
}
