using System.Globalization;
using System.Text.Json;
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
public sealed class ManagementApiClient : IConnectionChannel, IDisposable
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
        if (exchange.Result.Status != ManagementCallStatus.Succeeded)
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

    /// <summary>Builds <c>{endpoint}/@connections/{escaped id}</c>; the id's <c>=</c>, <c>+</c> and <c>/</c> are escaped.</summary>
    private static bool TryBuildUri(string endpoint, string connectionId, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(endpoint.TrimEnd('/'), UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps)
            || baseUri.Query.Length > 0 || baseUri.Fragment.Length > 0)
        {
            return false;
        }

        return Uri.TryCreate($"{baseUri.AbsoluteUri.TrimEnd('/')}/@connections/{Uri.EscapeDataString(connectionId)}", UriKind.Absolute, out uri!);
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

    private async Task<Exchange> SendAsync(
        string operation, HttpMethod method, string endpoint, string connectionId, ReadOnlyMemory<byte>? requestBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        if (!TryBuildUri(endpoint, connectionId, out var uri))
        {
            ManagementApiClientLog.InvalidEndpoint(_logger, operation, connectionId);
            return new Exchange(new PostResult(ManagementCallStatus.Failed, "invalid endpoint"), null);
        }

        using var request = new HttpRequestMessage(method, uri);
        using var content = requestBody is { } bytes ? JsonContent(request, bytes) : null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var result = ManagementStatusMap.ToResult(response.StatusCode, ManagementStatusMap.ErrorType(response.Headers));
            byte[]? body = null;
            if (result.Status == ManagementCallStatus.Succeeded && method == HttpMethod.Get)
            {
                body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            }

            if (result.Status == ManagementCallStatus.TransientFailure)
            {
                ManagementApiClientLog.TransientFailure(_logger, operation, connectionId, result.Detail ?? "", null);
            }
            else if (result.Status != ManagementCallStatus.Succeeded)
            {
                ManagementApiClientLog.Answered(_logger, operation, connectionId, result.Status, result.Detail);
            }

            return new Exchange(result, body);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(e.Message, e, cancellationToken);
        }
        catch (OperationCanceledException e)
        {
            var detail = string.Create(CultureInfo.InvariantCulture, $"timed out after {_options.Timeout.TotalMilliseconds:0} ms");
            return method == HttpMethod.Post ? Unconfirmed(operation, connectionId, detail, e) : Transient(operation, connectionId, detail, e);
        }
        catch (HttpRequestException e)
        {
            var detail = $"network error ({e.HttpRequestError})";
            return method == HttpMethod.Post && !NeverSent(e.HttpRequestError)
                ? Unconfirmed(operation, connectionId, detail, e)
                : Transient(operation, connectionId, detail, e);
        }
        catch (AmazonClientException e)
        {
            // The signer could not get credentials (e.g. instance metadata did not answer): worth another try later.
            return Transient(operation, connectionId, "signing failed: credentials unavailable", e);
        }
    }

    /// <summary>The body as <c>application/json</c>: on the request, or held beside it while it is signed.</summary>
    private HttpContent JsonContent(HttpRequestMessage request, ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new("application/json");
        if (_options.Signing == ManagementApiSigning.SigV4)
        {
            SignedBody.Hold(request, content, body.Span);
        }
        else
        {
            request.Content = content;
        }

        return content;
    }

    private Exchange Transient(string operation, string connectionId, string detail, Exception exception)
    {
        ManagementApiClientLog.TransientFailure(_logger, operation, connectionId, detail, exception);
        return new Exchange(new PostResult(ManagementCallStatus.TransientFailure, detail), null);
    }

    /// <summary>
    /// A post whose answer never came may have been delivered: repeating it could deliver twice, so it is reported
    /// as unconfirmed instead of transient. Reads and deletes are safe to repeat and stay transient.
    /// </summary>
    private Exchange Unconfirmed(string operation, string connectionId, string detail, Exception exception)
    {
        ManagementApiClientLog.Unconfirmed(_logger, operation, connectionId, detail, exception);
        return new Exchange(new PostResult(ManagementCallStatus.Unconfirmed, detail), null);
    }

    /// <summary>Failures that happen before a request can have left this machine.</summary>
    private static bool NeverSent(HttpRequestError error) =>
        error is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private ConnectionInfoResult ParseConnection(string connectionId, byte[]? body)
    {
        try
        {
            var parsed = body is null ? null : JsonSerializer.Deserialize(body, ManagementApiJsonContext.Default.GetConnectionResponse);
            if (parsed?.ConnectedAt is { } connectedAt)
            {
                var info = new ConnectionDetails(connectedAt, parsed.LastActiveAt, parsed.Identity?.SourceIp, parsed.Identity?.UserAgent);
                return new ConnectionInfoResult(ManagementCallStatus.Succeeded, info);
            }

            ManagementApiClientLog.MalformedConnection(_logger, connectionId, null);
        }
        catch (JsonException e)
        {
            ManagementApiClientLog.MalformedConnection(_logger, connectionId, e);
        }

        return new ConnectionInfoResult(ManagementCallStatus.Failed, null, "200 malformed connection");
    }

    private readonly record struct Exchange(PostResult Result, byte[]? Body);
}
