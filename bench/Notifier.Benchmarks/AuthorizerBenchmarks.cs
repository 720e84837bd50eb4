using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifier.Auth.Tokens;
using Notifier.Core.Configuration;
using Notifier.Functions.Hosting;
using Notifier.Functions.Runtime;
using Notifier.Testing;
using Notifier.Testing.Tokens;

namespace Notifier.Benchmarks;

/// <summary>The authorizer end to end (event JSON in, policy JSON out) beside the raw token validation it wraps.</summary>
/// <remarks>
/// Each category's baseline is <see cref="JsonWebTokenHandler.ValidateTokenAsync(string, TokenValidationParameters)"/>
/// with the parameters the authorizer builds from the same settings, so the ratio column is the authorizer's overhead.
/// RS256 keys come from a loopback JWKS server; they are fetched by the warm-up call in setup and cached after it.
/// Logging is off (a null logger factory): the figures are the handler's work, not stdout's.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 2, warmupCount: 5, iterationCount: 15)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AuthorizerBenchmarks
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(6);

    private readonly JsonWebTokenHandler _rawHandler = new();
    private KeyServer? _keyServer;
    private ILambdaFunction _hs256Authorizer = null!;
    private ILambdaFunction _rs256Authorizer = null!;
    private byte[] _hs256Event = [];
    private byte[] _hs256CompactEvent = [];
    private byte[] _rs256Event = [];
    private string _hs256Token = "";
    private string _rs256Token = "";
    private TokenValidationParameters _hs256Parameters = null!;
    private TokenValidationParameters _rs256Parameters = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var template = await File.ReadAllTextAsync(RepositoryPaths.Combine("events", "authorizer.json"));

        _hs256Token = TestTokens.Create(expiresIn: TokenLifetime);
        _hs256Event = Encoding.UTF8.GetBytes(template.Replace("REPLACE_WITH_TOKEN", _hs256Token, StringComparison.Ordinal));
        _hs256CompactEvent = Encoding.UTF8.GetBytes(JsonNode.Parse(_hs256Event)!.ToJsonString());
        _hs256Authorizer = CreateAuthorizer(JwtOptions.SecretVariable, TestTokens.Secret);
        _hs256Parameters = Parameters(["HS256"], TestTokens.SecretKey);

        var keys = TestKeys.Rsa("bench-rsa");
        _keyServer = await KeyServer.StartAsync(keys);
        _rs256Token = TestTokens.Create(expiresIn: TokenLifetime, credentials: keys.Credentials);
        _rs256Event = Encoding.UTF8.GetBytes(template.Replace("REPLACE_WITH_TOKEN", _rs256Token, StringComparison.Ordinal));
        _rs256Authorizer = CreateAuthorizer(JwtOptions.JwksUrlVariable, _keyServer.JwksUrl.AbsoluteUri);
        _rs256Parameters = Parameters(["RS256", "ES256"], JsonWebKeySet.Create(TestKeys.JwksJson(keys)).Keys[0]);

        // Warm-up and sanity: every benchmark must measure an Allow, not a cheap refusal.
        await ExpectAllowAsync(_hs256Authorizer, _hs256Event);
        await ExpectAllowAsync(_hs256Authorizer, _hs256CompactEvent);
        await ExpectAllowAsync(_rs256Authorizer, _rs256Event);
        await ExpectValidAsync(_hs256Token, _hs256Parameters);
        await ExpectValidAsync(_rs256Token, _rs256Parameters);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_keyServer is not null)
        {
            await _keyServer.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, Description = "ValidateTokenAsync (raw)")]
    [BenchmarkCategory("HS256")]
    public Task<TokenValidationResult> Hs256Raw() => _rawHandler.ValidateTokenAsync(_hs256Token, _hs256Parameters);

    [Benchmark(Description = "Authorizer InvokeAsync")]
    [BenchmarkCategory("HS256")]
    public Task<FunctionResult> Hs256Authorizer() => _hs256Authorizer.InvokeAsync(_hs256Event);

    /// <summary>The same event without the sample file's indentation, as API Gateway sends it.</summary>
    [Benchmark(Description = "Authorizer InvokeAsync, compact event")]
    [BenchmarkCategory("HS256")]
    public Task<FunctionResult> Hs256AuthorizerCompactEvent() => _hs256Authorizer.InvokeAsync(_hs256CompactEvent);

    [Benchmark(Baseline = true, Description = "ValidateTokenAsync (raw)")]
    [BenchmarkCategory("RS256")]
    public Task<TokenValidationResult> Rs256Raw() => _rawHandler.ValidateTokenAsync(_rs256Token, _rs256Parameters);

    [Benchmark(Description = "Authorizer InvokeAsync")]
    [BenchmarkCategory("RS256")]
    public Task<FunctionResult> Rs256Authorizer() => _rs256Authorizer.InvokeAsync(_rs256Event);

    private static ILambdaFunction CreateAuthorizer(string keySetting, string keyValue)
    {
        var settings = new SettingsReader(name => name == keySetting ? keyValue : null);
        return new FunctionCatalog(settings, NullLoggerFactory.Instance).Create("authorizer");
    }

    /// <summary>The parameters <c>SigningKeys.CreateParameters</c> builds for default settings, with the key given directly.</summary>
    internal static TokenValidationParameters Parameters(IReadOnlyList<string> algorithms, SecurityKey key) => new()
    {
        ValidAlgorithms = algorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromMinutes(1),
        ValidateIssuer = false,
        ValidateAudience = false,
        ValidateIssuerSigningKey = true,
        NameClaimType = "sub",
        SaveSigninToken = false,
        IssuerSigningKey = key,
    };

    private static async Task ExpectAllowAsync(ILambdaFunction authorizer, byte[] payload)
    {
        var result = await authorizer.InvokeAsync(payload);
        var json = result.Response is null ? result.ErrorType : Encoding.UTF8.GetString(result.Response);
        if (json is null || !json.Contains("\"Allow\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The authorizer did not allow the benchmark token: {json}");
        }
    }

    private async Task ExpectValidAsync(string token, TokenValidationParameters parameters)
    {
        var result = await _rawHandler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            throw new InvalidOperationException("The raw handler refused the benchmark token.", result.Exception);
        }
    }
}
