using System.Text.Json;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Functions.Hosting;
using Notifier.Functions.Runtime;
using Notifier.Testing.Logging;
using Notifier.Testing.Tokens;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>Builds functions the way the bootstrap does, with test settings, an in-memory store and captured logs.</summary>
internal sealed class FunctionFixture
{
    public const string Issuer = "https://issuer.example";
    public const string Audience = "notifier";
    public const string AllowedOrigin = "https://app.example.com";

    public FunctionFixture(Dictionary<string, string>? settings = null, IConnectionStore? store = null)
    {
        Settings = settings ?? new Dictionary<string, string>
        {
            ["NOTIFIER_JWT_SECRET"] = TestTokens.Secret,
            ["NOTIFIER_JWT_ISSUER"] = Issuer,
            ["NOTIFIER_JWT_AUDIENCE"] = Audience,
            ["NOTIFIER_ALLOWED_ORIGINS"] = AllowedOrigin,
        };
        Store = store ?? new InMemoryConnectionStore();
        Catalog = new FunctionCatalog(new SettingsReader(Settings.GetValueOrDefault), Logs.CreateFactory(), TimeProvider.System, () => Store);
    }

    public Dictionary<string, string> Settings { get; }

    public IConnectionStore Store { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public FunctionCatalog Catalog { get; }

    public static string ValidToken(string user = "user-123") => TestTokens.Create(user, issuer: Issuer, audience: Audience);

    public async Task<FunctionResult> InvokeAsync(string function, byte[] payload) =>
        await Catalog.Create(function).InvokeAsync(payload).WaitAsync(TimeSpan.FromSeconds(10));

    public async Task<JsonElement> InvokeForJsonAsync(string function, byte[] payload)
    {
        var result = await InvokeAsync(function, payload);
        Assert.True(result.IsSuccess, $"{function} failed: {result.ErrorType} {result.ErrorMessage}");
        return JsonDocument.Parse(result.Response!).RootElement.Clone();
    }
}
