using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifier.Auth.Authorization;
using Notifier.Auth.Tokens;
using Notifier.Aws.Events;
using Notifier.Functions.Handlers;
using Notifier.Functions.Json;
using Notifier.Testing;
using Notifier.Testing.Tokens;

namespace Notifier.Benchmarks;

/// <summary>The HS256 authorizer taken apart, to show where the time beyond the raw validation goes.</summary>
/// <remarks>
/// Stages 1, 2 and 5 are the earlier deserializing path, kept beside the reader and writer that replaced them.
/// Stage 3's raw validation is the authorizer benchmark's baseline, so that stages 3 and 4 show what our own code adds to it.
/// </remarks>
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
        _request = ParseEvent();
        _authorizationRequest = ToRequest();
        _validator = new TokenValidator(new JwtOptions { Secret = TestTokens.Secret });
        _authorizer = new ConnectionAuthorizer(_validator, OriginPolicy.AllowAll);
        _context = new Dictionary<string, string>(StringComparer.Ordinal) { ["userId"] = "user-123", ["tokenExpiresAt"] = "1700000000" };
    }

    [Benchmark(Description = "0 Utf8JsonReader: read every token of the event")]
    public int TokenizeEvent()
    {
        var reader = new Utf8JsonReader(_event, new JsonReaderOptions { MaxDepth = 32 });
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark(Description = "0 JsonScanner: check the event, keeping nothing")]
    public bool ScanEvent()
    {
        var scanner = new JsonScanner(_event, 32);
        return scanner.TrySkipValue() && scanner.IsAtEnd();
    }

    [Benchmark(Description = "1 parse event JSON")]
    public WebSocketAuthorizerRequest ParseEvent() =>
        JsonSerializer.Deserialize(_event, ApiGatewayJsonContext.Default.WebSocketAuthorizerRequest)!;

    [Benchmark(Description = "1+2 AuthorizerEventReader.TryRead (replaces 1 and 2)")]
    public AuthorizationRequest ReadEvent()
    {
        AuthorizerEventReader.TryRead(_event, out var authorizerEvent);
        return authorizerEvent.Request;
    }

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
        ApiGatewayJsonContext.Default.AuthorizerResponse);

    [Benchmark(Description = "5 AuthorizerPolicyWriter.Allow (replaces 5)")]
    public byte[] WritePolicy() => AuthorizerPolicyWriter.Allow("user-123", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), _request.MethodArn!);
}
