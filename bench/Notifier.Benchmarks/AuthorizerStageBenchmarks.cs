using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifier.Auth.Authorization;
using Notifier.Auth.Tokens;
using Notifier.Aws.Events;
using Notifier.Functions.Handlers;
using Notifier.Testing;
using Notifier.Testing.Tokens;

namespace Notifier.Benchmarks;

/// <summary>The HS256 authorizer taken apart, to show where the time beyond the raw validation goes.</summary>
/// <remarks>Stage 3's raw validation is the authorizer benchmark's baseline, so stages 1, 2, 4 and 5 are what the authorizer adds to it.</remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 2, warmupCount: 5, iterationCount: 15)]
public class AuthorizerStageBenchmarks
{
    private byte[] _event = [];
    private string _token = "";
    private WebSocketAuthorizerRequest _request = null!;
    private AuthorizationRequest _authorizationRequest = null!;
    private TokenValidator _validator = null!;
    private ConnectionAuthorizer _authorizer = null!;
    private Dictionary<string, string> _context = null!;
    private readonly JsonWebTokenHandler _rawHandler = new();
    private readonly TokenValidationParameters _rawParameters = AuthorizerBenchmarks.Parameters(["HS256"], TestTokens.SecretKey);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var template = await File.ReadAllTextAsync(RepositoryPaths.Combine("events", "authorizer.json"));
        _token = TestTokens.Create(expiresIn: TimeSpan.FromHours(6));
        _event = Encoding.UTF8.GetBytes(template.Replace("REPLACE_WITH_TOKEN", _token, StringComparison.Ordinal));
        _request = ParseEvent()!;
        _authorizationRequest = ToRequest();
        _validator = new TokenValidator(new JwtOptions { Secret = TestTokens.Secret });
        _authorizer = new ConnectionAuthorizer(_validator, OriginPolicy.AllowAll);
        _context = new Dictionary<string, string>(StringComparer.Ordinal) { ["userId"] = "user-123", ["tokenExpiresAt"] = "1700000000" };
    }

    [Benchmark(Description = "1 parse event JSON")]
    public WebSocketAuthorizerRequest? ParseEvent() => AuthorizerFunction.Read(_event);

    [Benchmark(Description = "2 event -> AuthorizationRequest")]
    public AuthorizationRequest ToRequest() => AuthorizerFunction.ToAuthorizationRequest(_request);

    [Benchmark(Description = "3 raw JsonWebTokenHandler.ValidateTokenAsync (the authorizer benchmark's baseline)")]
    public Task<TokenValidationResult> RawValidate() => _rawHandler.ValidateTokenAsync(_token, _rawParameters);

    [Benchmark(Description = "3 TokenValidator.ValidateAsync")]
    public ValueTask<TokenCheck> Validate() => _validator.ValidateAsync(_token);

    [Benchmark(Description = "4 ConnectionAuthorizer.AuthorizeAsync")]
    public ValueTask<AuthorizationDecision> Authorize() => _authorizer.AuthorizeAsync(_authorizationRequest);

    [Benchmark(Description = "5 build + serialize policy")]
    public byte[] SerializePolicy() => JsonSerializer.SerializeToUtf8Bytes(
        AuthorizerResponse.For("user-123", allow: true, _request.MethodArn!, _context),
        ApiGatewayJson.Context.AuthorizerResponse);
}
