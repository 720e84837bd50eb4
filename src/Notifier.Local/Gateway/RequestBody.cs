using Microsoft.AspNetCore.Http;

namespace Notifier.Local.Gateway;

/// <summary>Reads a request body up to a limit without buffering more than the limit.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    /// <remarks>With a <c>Content-Length</c> (what SDKs send) the body is read straight into one array of that size.</remarks>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            if (length > maxBytes)
            {
                return null;
            }

            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            return body;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
