using System.Text;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Notifier.Auth.Tokens;

/// <summary>Builds the validation parameters for the configured key source, once per cold start.</summary>
/// <remarks>
/// Public keys are fetched on first use, cached, and refetched when a token names an unknown
/// <c>kid</c> (key rotation), at most once per <see cref="JwtOptions.KeyRefreshInterval"/> so that
/// tokens with made-up key ids cannot make us hammer the key endpoint.
/// </remarks>
internal static class SigningKeys
{
    public static TokenValidationParameters CreateParameters(JwtOptions options, HttpMessageHandler? keyFetchHandler = null)
    {
        var parameters = new TokenValidationParameters
        {
            ValidAlgorithms = options.EffectiveAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = options.ClockSkew,
            ValidateIssuer = options.Issuers.Count > 0 || options.Authority is not null,
            ValidIssuers = options.Issuers.Count > 0 ? options.Issuers : null,
            ValidateAudience = options.Audiences.Count > 0,
            ValidAudiences = options.Audiences.Count > 0 ? options.Audiences : null,
            ValidateIssuerSigningKey = true,
            NameClaimType = options.UserIdClaim,
            SaveSigninToken = false,
        };

        if (options.Secret is not null)
        {
            parameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.Secret));
            return parameters;
        }

        parameters.ConfigurationManager = CreateConfigurationManager(options, keyFetchHandler);
        return parameters;
    }

    private static SigningKeyCache CreateConfigurationManager(JwtOptions options, HttpMessageHandler? handler)
    {
        var address = options.JwksUrl ?? new Uri(options.Authority!.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        var httpClient = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        httpClient.Timeout = options.KeyFetchTimeout;
        var documents = new HttpDocumentRetriever(httpClient) { RequireHttps = !address.IsLoopback };
        IConfigurationRetriever<OpenIdConnectConfiguration> retriever = options.JwksUrl is not null
            ? new JwksRetriever()
            : new OpenIdConnectConfigurationRetriever();
        return new SigningKeyCache(address.AbsoluteUri, retriever, documents) { RefreshInterval = options.KeyRefreshInterval };
    }
}
