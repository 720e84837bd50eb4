using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Notifier.Testing.Http;

namespace Notifier.Testing.Tokens;

/// <summary>A fake identity provider on loopback: a JWKS document and an OIDC discovery document, with switchable keys and delay.</summary>
public sealed class KeyServer : IAsyncDisposable
{
    private LoopbackServer? _server;
    private volatile string _jwks = """{"keys":[]}""";
    private int _jwksRequests;

    public Uri BaseAddress => _server!.BaseAddress;

    public Uri JwksUrl => new(BaseAddress, "jwks.json");

    /// <summary>The issuer the discovery document announces (the base address without its slash).</summary>
    public string Issuer => BaseAddress.AbsoluteUri.TrimEnd('/');

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>How long each response is held back, to simulate a slow key endpoint.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public static async Task<KeyServer> StartAsync(params TestKeys[] keys)
    {
        var keyServer = new KeyServer();
        keyServer.Publish(keys);
        keyServer._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/jwks.json", async (HttpContext context) =>
            {
                Interlocked.Increment(ref keyServer._jwksRequests);
                await Task.Delay(keyServer.Delay, context.RequestAborted);
                return Results.Content(keyServer._jwks, "application/json");
            });
            app.MapGet("/.well-known/openid-configuration", async (HttpContext context) =>
            {
                await Task.Delay(keyServer.Delay, context.RequestAborted);
                var document = $$"""{"issuer":"{{keyServer.Issuer}}","jwks_uri":"{{keyServer.JwksUrl}}"}""";
                return Results.Content(document, "application/json");
            });
        });
        return keyServer;
    }

    /// <summary>Replaces the published keys (key rotation).</summary>
    public void Publish(params TestKeys[] keys) => _jwks = TestKeys.JwksJson(keys);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
