using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Notifier.Local.Gateway;

/// <summary>Hands the WebSocket middleware an <see cref="UpgradedTransport"/> instead of the bare upgraded stream, and keeps it.</summary>
internal sealed class TransportCapturingUpgrade : IHttpUpgradeFeature
{
    private readonly IHttpUpgradeFeature _inner;

    private TransportCapturingUpgrade(IHttpUpgradeFeature inner)
    {
        _inner = inner;
    }

    public bool IsUpgradableRequest => _inner.IsUpgradableRequest;

    /// <summary>The upgraded connection, once upgraded.</summary>
    public UpgradedTransport? Transport { get; private set; }

    /// <summary>Middleware, ahead of <c>UseWebSockets</c>: wraps the upgrade of every upgradable request.</summary>
    public static Task CaptureAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new TransportCapturingUpgrade(upgrade));
        }

        return next(context);
    }

    /// <summary>The transport of <paramref name="context"/>'s upgrade, or null.</summary>
    public static UpgradedTransport? TransportOf(HttpContext context) =>
        (context?.Features.Get<IHttpUpgradeFeature>() as TransportCapturingUpgrade)?.Transport;

    public async Task<Stream> UpgradeAsync()
    {
        Transport = new UpgradedTransport(await _inner.UpgradeAsync().ConfigureAwait(false));
        return Transport;
    }
}
