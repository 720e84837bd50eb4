using Microsoft.Extensions.Time.Testing;
using Notifier.Local.Signing;

namespace Notifier.Local.Tests.Signing;

/// <summary>The AWS SigV4 test suite's signed requests, as received, against the verifier (service "service").</summary>
public sealed class SigV4VerifierVectorTests
{
    private static readonly SigV4VerifierOptions SuiteOptions = new() { Service = "service", Region = "us-east-1" };

    [Theory]
    [MemberData(nameof(SigV4TestVector.Names), MemberType = typeof(SigV4TestVector))]
    public void Verify_SuiteVectorAtItsDate_IsValid(string vector)
    {
        var result = Verifier().Verify(SigV4TestVector.Load(vector));

        Assert.Equal(SigV4VerificationStatus.Valid, result.Status);
        Assert.Equal(SigV4TestVector.AccessKeyId, result.AccessKeyId);
    }

    [Theory]
    [MemberData(nameof(SigV4TestVector.Names), MemberType = typeof(SigV4TestVector))]
    public void Verify_SignatureAltered_IsInvalid(string vector)
    {
        var request = SigV4TestVector.Load(vector);
        var authorization = request.Header("Authorization");
        var flipped = authorization[..^1] + (authorization[^1] == '0' ? '1' : '0');

        var result = Verifier().Verify(request.WithHeader("Authorization", flipped));

        AssertInvalid(result, "signature does not match");
    }

    [Theory]
    [MemberData(nameof(SigV4TestVector.Names), MemberType = typeof(SigV4TestVector))]
    public void Verify_SignedHostAltered_IsInvalid(string vector)
    {
        var request = SigV4TestVector.Load(vector).WithHeader("Host", "evil.example.com");

        AssertInvalid(Verifier().Verify(request), "signature does not match");
    }

    [Theory]
    [MemberData(nameof(SigV4TestVector.Names), MemberType = typeof(SigV4TestVector))]
    public void Verify_BodyAltered_IsInvalid(string vector)
    {
        var request = SigV4TestVector.Load(vector);
        var tampered = request with { Body = request.Body.ToArray().Append((byte)'!').ToArray() };

        var result = Verifier().Verify(tampered);

        Assert.Equal(SigV4VerificationStatus.Invalid, result.Status);
    }

    [Theory]
    [MemberData(nameof(SigV4TestVector.Names), MemberType = typeof(SigV4TestVector))]
    public void Verify_PathAltered_IsInvalid(string vector)
    {
        var request = SigV4TestVector.Load(vector);

        AssertInvalid(Verifier().Verify(request with { RawPath = request.RawPath + "x" }), "signature does not match");
    }

    [Theory]
    [MemberData(nameof(SigV4TestVector.Names), MemberType = typeof(SigV4TestVector))]
    public void Verify_DateHeaderMovedWithinSkew_IsInvalid(string vector)
    {
        var request = SigV4TestVector.Load(vector).WithHeader("X-Amz-Date", "20150830T123700Z");

        AssertInvalid(Verifier().Verify(request), "signature does not match");
    }

    [Theory]
    [MemberData(nameof(SigV4TestVector.Names), MemberType = typeof(SigV4TestVector))]
    public void Verify_ClockBeyondSkew_IsInvalid(string vector)
    {
        var request = SigV4TestVector.Load(vector);

        AssertInvalid(Verifier(SigV4TestVector.SignedAt.AddMinutes(5).AddSeconds(1)).Verify(request), "clock skew");
        AssertInvalid(Verifier(SigV4TestVector.SignedAt.AddMinutes(-5).AddSeconds(-1)).Verify(request), "clock skew");
    }

    [Theory]
    [MemberData(nameof(SigV4TestVector.Names), MemberType = typeof(SigV4TestVector))]
    public void Verify_ClockAtSkewLimit_IsValid(string vector)
    {
        var request = SigV4TestVector.Load(vector);

        Assert.True(Verifier(SigV4TestVector.SignedAt.AddMinutes(5)).Verify(request).IsValid);
        Assert.True(Verifier(SigV4TestVector.SignedAt.AddMinutes(-5)).Verify(request).IsValid);
    }

    [Theory]
    [MemberData(nameof(SigV4TestVector.Names), MemberType = typeof(SigV4TestVector))]
    public void Verify_UnknownAccessKey_IsInvalid(string vector)
    {
        var verifier = new SigV4Verifier(_ => null, SuiteOptions, Clock(SigV4TestVector.SignedAt));

        AssertInvalid(verifier.Verify(SigV4TestVector.Load(vector)), "unknown access key");
    }

    [Fact]
    public void Verify_WrongSecretForKnownKey_IsInvalid()
    {
        var verifier = new SigV4Verifier(_ => "not-the-secret", SuiteOptions, Clock(SigV4TestVector.SignedAt));

        AssertInvalid(verifier.Verify(SigV4TestVector.Load("get-vanilla")), "signature does not match");
    }

    [Fact]
    public void Verify_OtherExpectedService_IsInvalid()
    {
        var verifier = new SigV4Verifier(SigV4TestVector.Secrets, new SigV4VerifierOptions(), Clock(SigV4TestVector.SignedAt));

        AssertInvalid(verifier.Verify(SigV4TestVector.Load("get-vanilla")), "another service");
    }

    [Fact]
    public void Verify_OtherExpectedRegion_IsInvalid()
    {
        var options = new SigV4VerifierOptions { Service = "service", Region = "eu-west-1" };
        var verifier = new SigV4Verifier(SigV4TestVector.Secrets, options, Clock(SigV4TestVector.SignedAt));

        AssertInvalid(verifier.Verify(SigV4TestVector.Load("get-vanilla")), "another region");
    }

    [Fact]
    public void Verify_FormBodyAlteredWithMatchingHashHeader_IsInvalid()
    {
        var request = SigV4TestVector.Load("post-x-www-form-urlencoded");
        var body = "Param1=value2"u8.ToArray();
        var tampered = (request with { Body = body })
            .WithHeader("x-amz-content-sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)));

        AssertInvalid(Verifier().Verify(tampered), "signature does not match");
    }

    [Fact]
    public void Verify_FormBodyAlteredKeepingHashHeader_IsInvalid()
    {
        var request = SigV4TestVector.Load("post-x-www-form-urlencoded");

        AssertInvalid(Verifier().Verify(request with { Body = "Param1=value2"u8.ToArray() }), "does not match the body");
    }

    internal static void AssertInvalid(SigV4VerificationResult result, string reasonPart)
    {
        Assert.Equal(SigV4VerificationStatus.Invalid, result.Status);
        Assert.Contains(reasonPart, result.Reason, StringComparison.Ordinal);
        Assert.Null(result.AccessKeyId);
    }

    private static SigV4Verifier Verifier(DateTimeOffset? now = null) =>
        new(SigV4TestVector.Secrets, SuiteOptions, Clock(now ?? SigV4TestVector.SignedAt));

    private static FakeTimeProvider Clock(DateTimeOffset now) => new(now);
}
