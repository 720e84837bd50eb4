using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Notifier.Core.Delivery;

namespace Notifier.Aws.Management;

public sealed partial class ManagementApiClient
{
    private async Task<Exchange> SendAsync(
        string operation, HttpMethod method, string endpoint, string connectionId, ReadOnlyMemory<byte>? requestBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        if (!TryBuildUri(endpoint, connectionId, out var uri))
        {
            ManagementApiClientLog.InvalidEndpoint(_logger, operation, connectionId);
            return new Exchange(new PostResult(PostStatus.Failed, "invalid endpoint"), null);
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
            if (result.Status == PostStatus.Delivered && method == HttpMethod.Get)
            {
                body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            }

            if (result.Status == PostStatus.TransientFailure)
            {
                ManagementApiClientLog.TransientFailure(_logger, operation, connectionId, result.Detail ?? "", null);
            }
            else if (result.Status != PostStatus.Delivered)
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
        return new Exchange(new PostResult(PostStatus.TransientFailure, detail), null);
    }

    /// <summary>
    /// A post whose answer never came may have been delivered: repeating it could deliver twice, so it is reported
    /// as unconfirmed instead of transient. Reads and deletes are safe to repeat and stay transient.
    /// </summary>
    private Exchange Unconfirmed(string operation, string connectionId, string detail, Exception exception)
    {
        ManagementApiClientLog.Unconfirmed(_logger, operation, connectionId, detail, exception);
        return new Exchange(new PostResult(PostStatus.Unconfirmed, detail), null);
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
                return new ConnectionInfoResult(PostStatus.Delivered, info);
            }

            ManagementApiClientLog.MalformedConnection(_logger, connectionId, null);
        }
        catch (JsonException e)
        {
            ManagementApiClientLog.MalformedConnection(_logger, connectionId, e);
        }

        return new ConnectionInfoResult(PostStatus.Failed, null, "200 malformed connection");
    }

    /// <summary>Builds <c>{endpoint}/@connections/{escaped id}</c>; the id's <c>=</c>, <c>+</c> and <c>/</c> are escaped.</summary>
    internal static bool TryBuildUri(string endpoint, string connectionId, out Uri uri)
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

    private readonly record struct Exchange(PostResult Result, byte[]? Body);
}
