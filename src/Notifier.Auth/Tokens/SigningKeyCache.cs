using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Notifier.Auth.Tokens;

/// <summary>Fetches public signing keys once, caches them, and refetches on request (an unknown <c>kid</c>), rate-limited.</summary>
/// <remarks>
/// IdentityModel's own ConfigurationManager refreshes in the background, so the first token signed
/// with a rotated key would be refused; here a requested refresh completes before the next read.
/// Refreshes happen at most once per <see cref="BaseConfigurationManager.RefreshInterval"/>, and a
/// failed fetch is not retried for <see cref="FailureBackoff"/> (doubling while failures go on) after it gave up, so neither made-up key ids nor an
/// outage make every handshake call the key endpoint: while the endpoint is down or hangs, handshakes are answered
/// at once with "keys unavailable". The last good keys stay in use when a refresh fails.
/// </remarks>
internal sealed class SigningKeyCache : BaseConfigurationManager
{
    /// <summary>How long the first failed fetch is not retried; each further failure in a row doubles it, up to <see cref="MaximumFailureBackoff"/>.</summary>
    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MaximumFailureBackoff = TimeSpan.FromMinutes(1);

    private readonly string _address;
    private readonly IConfigurationRetriever<OpenIdConnectConfiguration> _retriever;
    private readonly IDocumentRetriever _documents;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastRefreshRequest = DateTimeOffset.MinValue;
    private DateTimeOffset _failedAt = DateTimeOffset.MinValue;
    private TimeSpan _backoff = TimeSpan.Zero;
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
            if (now - _failedAt < _backoff)
            {
                return _current ?? throw new InvalidOperationException("Signing keys could not be fetched recently; not retrying yet.");
            }

            try
            {
                _current = await _retriever.GetConfigurationAsync(_address, _documents, cancel).ConfigureAwait(false);
                _fetchedAt = now;
                _backoff = TimeSpan.Zero;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                // From when the fetch gave up, not when it started: a fetch that hangs until its timeout must not
                // use up the back-off, or every handshake would wait for a fetch of its own.
                _failedAt = _timeProvider.GetUtcNow();
                _backoff = _backoff == TimeSpan.Zero ? FailureBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaximumFailureBackoff.Ticks));
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
