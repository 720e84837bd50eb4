using System.Text.Json;
using Notifier.Functions.Handlers;
using Notifier.Testing.Events;
using Notifier.Testing.Tokens;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>API Gateway takes at most 8 KB from an authorizer: a larger Allow must become a Deny with a logged reason.</summary>
public sealed class AuthorizerFunctionPolicySizeTests
{
    private const string Reason = "policy is over 8192 bytes";

    /// <summary>256 UTF-16 units, the longest user id, each escaped as six bytes (<c>\uD83D\uDE00</c> per emoji).</summary>
    private static readonly string EscapedUserId = string.Concat(Enumerable.Repeat("\U0001F600", 128));

    [Fact]
    public async Task InvokeAsync_EscapedUserIdAndFullTopicsClaim_DeniesWithLoggedReason()
    {
        // 585 short entries: 4,095 bytes encoded, each quote escaped once more in the context string.
        var fixture = new FunctionFixture();
        var token = Token(EscapedUserId, 585);

        var result = await fixture.InvokeAsync("authorizer", SampleEvents.Bytes(SampleEvents.Authorizer(token)));

        Assert.Equal("Deny", Effect(result.Response));
        Assert.Contains(fixture.Logs.Lines, line => line.Contains("Deny", StringComparison.Ordinal) && line.Contains(Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_PolicyOfExactlyTheLimit_Allows_OneByteMoreDenies()
    {
        var token = Token(EscapedUserId, 300);
        var arn = SampleEvents.Authorizer(token)["methodArn"]!.GetValue<string>();
        var baseline = await new FunctionFixture().InvokeAsync("authorizer", WithArn(token, arn));
        Assert.Equal("Allow", Effect(baseline.Response));
        var padding = AuthorizerFunction.MaximumResultBytes - baseline.Response!.Length;
        Assert.InRange(padding, 1, 4096);

        var atLimit = await new FunctionFixture().InvokeAsync("authorizer", WithArn(token, Pad(arn, padding)));
        var overFixture = new FunctionFixture();
        var over = await overFixture.InvokeAsync("authorizer", WithArn(token, Pad(arn, padding + 1)));

        Assert.Equal(AuthorizerFunction.MaximumResultBytes, atLimit.Response!.Length);
        Assert.Equal("Allow", Effect(atLimit.Response));
        Assert.Equal("Deny", Effect(over.Response));
        Assert.Contains(overFixture.Logs.Lines, line => line.Contains(Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_PolicyTooLarge_LogsNoUserIdOrToken()
    {
        var fixture = new FunctionFixture();
        var token = Token(EscapedUserId, 585);

        await fixture.InvokeAsync("authorizer", SampleEvents.Bytes(SampleEvents.Authorizer(token)));

        Assert.DoesNotContain("\U0001F600", fixture.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", fixture.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("t000", fixture.Logs.AllText, StringComparison.Ordinal);
    }

    private static string Token(string userId, int topics) => TestTokens.Create(
        userId,
        issuer: FunctionFixture.Issuer,
        audience: FunctionFixture.Audience,
        claims: new Dictionary<string, object> { ["topics"] = Enumerable.Range(0, topics).Select(i => $"t{i:D3}").ToArray() });

    /// <summary>The ARN with <paramref name="count"/> more characters in its API id; each adds one byte to the policy.</summary>
    private static string Pad(string arn, int count)
    {
        var slash = arn.IndexOf('/', StringComparison.Ordinal);
        return arn[..slash] + new string('a', count) + arn[slash..];
    }

    private static byte[] WithArn(string token, string arn)
    {
        var authorizerEvent = SampleEvents.Authorizer(token);
        authorizerEvent["methodArn"] = arn;
        return SampleEvents.Bytes(authorizerEvent);
    }

    private static string? Effect(byte[]? response)
    {
        Assert.NotNull(response);
        using var document = JsonDocument.Parse(response);
        return document.RootElement.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString();
    }
}
