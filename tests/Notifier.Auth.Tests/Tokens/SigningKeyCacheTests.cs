using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Notifier.Auth.Tokens;

namespace Notifier.Auth.Tests.Tokens;

public sealed class SigningKeyCacheTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task GetBaseConfigurationAsync_FetchHangsUntilItsTimeout_NextHandshakeFailsWithoutFetching()
    {
        // The fetch takes the whole key timeout (as long as the back-off) before it gives up.
        var retriever = new ScriptedRetriever(_clock, fetchTakes: SigningKeyCache.FailureBackoff, succeed: false);
        var cache = new SigningKeyCache("https://keys.example/jwks.json", retriever, new NoDocuments(), _clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetBaseConfigurationAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetBaseConfigurationAsync(CancellationToken.None));

        Assert.Equal(1, retriever.Fetches);
    }

    [Fact]
    public async Task GetBaseConfigurationAsync_FailuresInARow_BackOffLongerEachTime()
    {
        var retriever = new ScriptedRetriever(_clock, fetchTakes: TimeSpan.Zero, succeed: false);
        var cache = new SigningKeyCache("https://keys.example/jwks.json", retriever, new NoDocuments(), _clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetBaseConfigurationAsync(CancellationToken.None));
        _clock.Advance(SigningKeyCache.FailureBackoff);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetBaseConfigurationAsync(CancellationToken.None));
        _clock.Advance(SigningKeyCache.FailureBackoff);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetBaseConfigurationAsync(CancellationToken.None));

        Assert.Equal(2, retriever.Fetches);
        _clock.Advance(SigningKeyCache.FailureBackoff);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetBaseConfigurationAsync(CancellationToken.None));
        Assert.Equal(3, retriever.Fetches);
    }

    [Fact]
    public async Task GetBaseConfigurationAsync_EndpointRecovers_KeysAreFetchedAfterTheBackoff()
    {
        var retriever = new ScriptedRetriever(_clock, fetchTakes: TimeSpan.Zero, succeed: false);
        var cache = new SigningKeyCache("https://keys.example/jwks.json", retriever, new NoDocuments(), _clock);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetBaseConfigurationAsync(CancellationToken.None));

        retriever.Succeed = true;
        _clock.Advance(SigningKeyCache.FailureBackoff);
        var configuration = await cache.GetBaseConfigurationAsync(CancellationToken.None);

        Assert.NotNull(configuration);
        Assert.Equal(2, retriever.Fetches);
    }

    private sealed class ScriptedRetriever(FakeTimeProvider clock, TimeSpan fetchTakes, bool succeed) : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public int Fetches { get; private set; }

        public bool Succeed { get; set; } = succeed;

        public Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            Fetches++;
            clock.Advance(fetchTakes);
            return Succeed
                ? Task.FromResult(new OpenIdConnectConfiguration())
                : Task.FromException<OpenIdConnectConfiguration>(new TaskCanceledException("The key fetch timed out."));
        }
    }

    private sealed class NoDocuments : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) => throw new InvalidOperationException("not used");
    }
}
