using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Notifier.Auth.Tokens;

/// <summary>Fetches public signing keys once, caches them, and refetches on request (an unknown <c>kid</c>), rate-limited.</summary>
/// <remarks>
/// IdentityModel's own ConfigurationManager refreshes in the background, so the first token signed
/// with a rotated key would be refused; here a requested refresh completes before the next read.
/// Refreshes happen at most once per <see cref="BaseConfigurationManager.RefreshInterval"/>, and a
/// failed fetch is not retried for <see cref="FailureBackoff"/>, so neither made-up key ids nor an
/// outage make every handshake call the key endpoint. The last good keys stay in use when a refresh fails.
/// </remarks>
internal sealed class SigningKeyCache : BaseConfigurationManager
{
    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(5);

    private readonly string _address;
    private readonly IConfigurationRetriever<OpenIdConnectConfiguration> _retriever;
    private readonly IDocumentRetriever _documents;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastRefreshRequest = DateTimeOffset.MinValue;
    private DateTimeOffset _failedAt = DateTimeOffset.MinValue;
    private volatile bool _refreshRequested;

    public SigningKeyCache(
        string address,
        IConfigurationRetriever<OpenIdConnectConfiguration> retriever,
        IDocumentRetriever documents,
        TimeProvider? timeProvider = null)
    {
        _address = address;
        _retriever = retriever;
        _documents = documents;
        _timeProvider = timeProvider ?? TimeProvider.System;
        MetadataAddress = address;
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel)
    {
        if (IsFresh(_current))
        {
            return _current!;
        }

        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (IsFresh(_current))
            {
                return _current!;
            }

            var now = _timeProvider.GetUtcNow();
            if (now - _failedAt < FailureBackoff)
            {
                return _current ?? throw new InvalidOperationException("Signing keys could not be fetched recently; not retrying yet.");
            }

            try
            {
                _current = await _retriever.GetConfigurationAsync(_address, _documents, cancel).ConfigureAwait(false);
                _fetchedAt = now;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                _failedAt = now;
                if (_current is null)
                {
                    throw new InvalidOperationException("Signing keys could not be fetched.", exception);
                }
            }
            finally
            {
                _refreshRequested = false;
            }

            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void RequestRefresh()
    {
        var now = _timeProvider.GetUtcNow();
        if (now - _lastRefreshRequest >= RefreshInterval)
        {
            _lastRefreshRequest = now;
            _refreshRequested = true;
        }
    }

    private bool IsFresh(OpenIdConnectConfiguration? configuration) =>
        configuration is not null && !_refreshRequested && _timeProvider.GetUtcNow() - _fetchedAt < AutomaticRefreshInterval;
}
