using Microsoft.Extensions.Time.Testing;
using Notifier.Local.Signing;

namespace Notifier.Local.Tests.Signing;

/// <summary>Requests that are not signed, or signed in shapes the verifier refuses; none may make it throw.</summary>
public sealed class SigV4VerifierInputTests
{
    private const string Scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private const string Signature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    public static readonly TheoryData<string, string> HostileAuthorizations = new()
    {
        { "Empty", "" },
        { "OtherScheme_Basic", "Basic QUtJREVYQU1QTEU6c2VjcmV0" },
        { "SchemeOnly", "AWS4-HMAC-SHA256" },
        { "SchemeWithoutSpace", $"AWS4-HMAC-SHA256Credential={Scope}, SignedHeaders=host;x-amz-date, Signature={Signature}" },
        { "LowerCaseScheme", $"aws4-hmac-sha256 Credential={Scope}, SignedHeaders=host;x-amz-date, Signature={Signature}" },
        { "NoComponents", "AWS4-HMAC-SHA256 ,,,," },
        { "MissingSignature", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date" },
        { "RepeatedCredential", $"AWS4-HMAC-SHA256 Credential={Scope}, Credential={Scope}, SignedHeaders=host;x-amz-date, Signature={Signature}" },
        { "UnknownComponent", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date, Signature={Signature}, Extra=1" },
        { "ScopeTooShort", $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, SignedHeaders=host;x-amz-date, Signature={Signature}" },
        { "ScopeTooLong", $"AWS4-HMAC-SHA256 Credential={Scope}/x, SignedHeaders=host;x-amz-date, Signature={Signature}" },
        { "ScopeWrongTerminator", $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_requesx, SignedHeaders=host;x-amz-date, Signature={Signature}" },
        { "ScopeDateNotDigits", $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015083x/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={Signature}" },
        { "ScopeDateOtherDay", $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={Signature}" },
        { "EmptyAccessKey", $"AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={Signature}" },
        { "SignatureUpperCase", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date, Signature={Signature.ToUpperInvariant()}" },
        { "SignatureShort", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date, Signature={Signature[..63]}" },
        { "SignatureNotHex", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date, Signature={Signature[..63]}g" },
        { "SignedHeadersUnsorted", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=x-amz-date;host, Signature={Signature}" },
        { "SignedHeadersRepeated", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;host;x-amz-date, Signature={Signature}" },
        { "SignedHeadersUpperCase", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=Host;x-amz-date, Signature={Signature}" },
        { "SignedHeadersEmptyName", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;;x-amz-date, Signature={Signature}" },
        { "HostNotSigned", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=x-amz-date, Signature={Signature}" },
        { "DateNotSigned", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host, Signature={Signature}" },
        { "SignedHeaderAbsent", $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;my-header;x-amz-date, Signature={Signature}" },
        { "ControlCharacters", "AWS4-HMAC-SHA256 \u0000\u0001\r\n=\u00ff" },
        { "VeryLong", "AWS4-HMAC-SHA256 Credential=" + new string('A', 100_000) },
    };

    [Theory]
    [MemberData(nameof(HostileAuthorizations))]
    public void Verify_HostileAuthorization_IsInvalidWithoutThrowing(string name, string authorization)
    {
        var request = Request(("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z"), ("Authorization", authorization));

        var result = Verifier().Verify(request);

        Assert.True(result.Status == SigV4VerificationStatus.Invalid, name);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Theory]
    [InlineData("Missing_NoHeader", null)]
    [InlineData("NotADate", "yesterday")]
    [InlineData("IsoWithDashes", "2015-08-30T12:36:00Z")]
    [InlineData("NoZone", "20150830T123600")]
    [InlineData("MonthThirteen", "20151330T123600Z")]
    [InlineData("Empty", "")]
    public void Verify_HostileDateHeader_IsInvalid(string name, string? date)
    {
        var request = SigV4TestVector.Load("get-vanilla");
        request = date is null
            ? request with { Headers = [.. request.Headers.Where(h => h.Key != "X-Amz-Date")] }
            : request.WithHeader("X-Amz-Date", date);

        Assert.True(Verifier().Verify(request).Status == SigV4VerificationStatus.Invalid, name);
    }

    [Fact]
    public void Verify_NoAuthorizationHeader_IsMissing()
    {
        var result = Verifier().Verify(Request(("Host", "example.amazonaws.com")));

        Assert.Equal(SigV4VerificationStatus.Missing, result.Status);
    }

    [Fact]
    public void Verify_PresignedQuery_IsInvalid()
    {
        var request = Request(("Host", "example.amazonaws.com")) with { RawQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00" };

        SigV4VerifierVectorTests.AssertInvalid(Verifier().Verify(request), "presigned");
    }

    [Fact]
    public void Verify_TwoAuthorizationHeaders_IsInvalid()
    {
        var request = SigV4TestVector.Load("get-vanilla");
        request = request with { Headers = [.. request.Headers, new("authorization", request.Header("Authorization"))] };

        SigV4VerifierVectorTests.AssertInvalid(Verifier().Verify(request), "more than one");
    }

    [Fact]
    public void Verify_TwoDateHeaders_IsInvalid()
    {
        var request = SigV4TestVector.Load("get-vanilla");
        request = request with { Headers = [.. request.Headers, new("x-amz-date", "20150830T123600Z")] };

        SigV4VerifierVectorTests.AssertInvalid(Verifier().Verify(request), "X-Amz-Date");
    }

    [Fact]
    public void Verify_UnsignedContentHashHeader_IsInvalid()
    {
        var request = SigV4TestVector.Load("post-vanilla");
        request = request with { Headers = [.. request.Headers, new("x-amz-content-sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([])))] };

        SigV4VerifierVectorTests.AssertInvalid(Verifier().Verify(request), "must be sent once and signed");
    }

    [Fact]
    public void Verify_NullHeaderValuesAndEmptyPath_IsInvalidWithoutThrowing()
    {
        var request = new SigV4Request("GET", "", "", [new("Authorization", null!), new(null!, null!)], ReadOnlyMemory<byte>.Empty);

        Assert.Equal(SigV4VerificationStatus.Invalid, Verifier().Verify(request).Status);
    }

    [Theory]
    [InlineData("/%ZZ/..%2F../%", "/%25ZZ/..%252F../%25")]
    [InlineData("/%E1%88%B4", "/%25E1%2588%25B4")]
    [InlineData("/local/@connections/L0SM%2BcOF%2FHcCIhw%3D", "/local/%40connections/L0SM%252BcOF%252FHcCIhw%253D")]
    [InlineData("", "/")]
    [InlineData("/../../..", "/")]
    public void CanonicalUri_RawPath_IsEncodedOnceMore(string rawPath, string expected)
    {
        Assert.Equal(expected, SigV4Canonical.CanonicalUri(rawPath));
    }

    [Theory]
    [InlineData("b=2&a=1&a=0", "a=0&a=1&b=2")]
    [InlineData("?a%20b=c+d&&flag", "a%20b=c%2Bd&flag=")]
    [InlineData("%ZZ=%E1%88%B4&%FF=1", "%25FF=1&%25ZZ=%E1%88%B4")]
    public void CanonicalQuery_RawQuery_IsDecodedEncodedAndSorted(string rawQuery, string expected)
    {
        Assert.Equal(expected, SigV4Canonical.CanonicalQuery(rawQuery));
    }

    private static SigV4Request Request(params (string Name, string Value)[] headers) =>
        new("GET", "/", "", [.. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))], ReadOnlyMemory<byte>.Empty);

    private static SigV4Verifier Verifier() =>
        new(SigV4TestVector.Secrets, new SigV4VerifierOptions { Service = "service" }, new FakeTimeProvider(SigV4TestVector.SignedAt));
}
