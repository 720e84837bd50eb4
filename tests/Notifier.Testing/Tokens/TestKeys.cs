using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Notifier.Testing.Tokens;

/// <summary>Asymmetric keys for tests and their public JWKS form.</summary>
public sealed class TestKeys
{
    private TestKeys(SecurityKey privateKey, JsonWebKey publicJwk, string algorithm)
    {
        PrivateKey = privateKey;
        PublicJwk = publicJwk;
        Algorithm = algorithm;
    }

    public SecurityKey PrivateKey { get; }

    public JsonWebKey PublicJwk { get; }

    public string Algorithm { get; }

    public string KeyId => PublicJwk.Kid;

    public SigningCredentials Credentials => new(PrivateKey, Algorithm);

    public static TestKeys Rsa(string keyId)
    {
        var rsa = RSA.Create(2048);
        var privateKey = new RsaSecurityKey(rsa) { KeyId = keyId };
        var publicKey = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)) { KeyId = keyId };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(publicKey);
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.RsaSha256;
        return new TestKeys(privateKey, jwk, SecurityAlgorithms.RsaSha256);
    }

    public static TestKeys EcdsaP256(string keyId)
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privateKey = new ECDsaSecurityKey(ecdsa) { KeyId = keyId };
        var publicKey = new ECDsaSecurityKey(ECDsa.Create(ecdsa.ExportParameters(includePrivateParameters: false))) { KeyId = keyId };
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(publicKey);
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.EcdsaSha256;
        return new TestKeys(privateKey, jwk, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>The DER bytes of the RSA public key, as an attacker would use them for an HS256 key-confusion token.</summary>
    public byte[] PublicKeyBytes() => PrivateKey is RsaSecurityKey { Rsa: { } rsa } ? rsa.ExportSubjectPublicKeyInfo() : [];

    /// <summary>A JWKS document holding the public halves of <paramref name="keys"/>.</summary>
    public static string JwksJson(params TestKeys[] keys)
    {
        var entries = keys.Select(k => k.PublicJwk).Select(jwk => JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["kty"] = jwk.Kty, ["kid"] = jwk.Kid, ["use"] = jwk.Use, ["alg"] = jwk.Alg,
            ["n"] = jwk.N, ["e"] = jwk.E, ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y,
        }.Where(pair => pair.Value is not null).ToDictionary()));
        return $$"""{"keys":[{{string.Join(",", entries)}}]}""";
    }
}
