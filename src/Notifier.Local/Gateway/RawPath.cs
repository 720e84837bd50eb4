using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Notifier.Local.Gateway;

/// <summary>The request path as the client sent it, escapes intact, so that escaped <c>/</c>, <c>+</c> and <c>=</c> survive routing.</summary>
internal static class RawPath
{
    public static string Of(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? target[..query] : target;
    }
}
