using System.Globalization;
using System.Text;
using System.Text.Json;
using Notifier.Aws.Events;
using Notifier.Functions.Handlers;

namespace Notifier.Functions.Tests.Handlers;

public sealed class AuthorizerPolicyWriterTests
{
    public static TheoryData<string, string> Strings => new()
    {
        { "user-123", "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/$connect" },
        { "user \"quoted\" \\ back", "arn:with/\"quote\"" },
        { "ünïcödé-ユーザー-😀", "arn:<script>&amp;'" },
        { "tab\tand\u0001control", "arn:\u2028line-separator\u007f" },
        { new string('u', 5000), "arn:" + new string('a', 40_000) },
        { AllAscii, "arn:" + AllAscii },
        { "\u0080\u00a0\u00ff\u0100\ud7ff\ue000\ufeff\ufffd", "arn:\u200b\u2029\uFFFE" },
    };

    /// <summary>Every ASCII character, so that the writer's unescaped fast path is held to the serializer's escaping for each.</summary>
    private static string AllAscii => new([.. Enumerable.Range(0, 128).Select(c => (char)c)]);

    public static TheoryData<string> MethodArns => new(Strings.Select(row => (string)row[1]));

    [Theory]
    [MemberData(nameof(Strings))]
    public void Allow_AnyStrings_SameBytesAsSerializer(string userId, string methodArn)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var context = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["userId"] = userId,
            ["tokenExpiresAt"] = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        var expected = JsonSerializer.SerializeToUtf8Bytes(
            AuthorizerResponse.For(userId, allow: true, methodArn, context), ApiGatewayJson.Context.AuthorizerResponse);

        var actual = AuthorizerPolicyWriter.Allow(userId, expiresAt, methodArn);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Allow_EachAsciiCharacterAlone_SameBytesAsSerializer()
    {
        // One character per policy: a string that needs no escaping takes the writer's copy-as-is path.
        for (var c = (char)0; c < 128; c++)
        {
            var userId = $"user{c}";
            var methodArn = $"arn:{c}";
            var context = new Dictionary<string, string>(StringComparer.Ordinal) { ["userId"] = userId };
            var expected = JsonSerializer.SerializeToUtf8Bytes(
                AuthorizerResponse.For(userId, allow: true, methodArn, context), ApiGatewayJson.Context.AuthorizerResponse);

            Assert.Equal(expected, AuthorizerPolicyWriter.Allow(userId, null, methodArn));
        }
    }

    [Fact]
    public void Allow_NoExpiry_ContextHasOnlyUserId()
    {
        var context = new Dictionary<string, string>(StringComparer.Ordinal) { ["userId"] = "u" };
        var expected = JsonSerializer.SerializeToUtf8Bytes(
            AuthorizerResponse.For("u", allow: true, "arn:x", context), ApiGatewayJson.Context.AuthorizerResponse);

        Assert.Equal(expected, AuthorizerPolicyWriter.Allow("u", null, "arn:x"));
    }

    [Fact]
    public void Allow_WithTopics_SameBytesAsSerializer_TopicsAsOneStringEntry()
    {
        var topics = """["orders/*","room:1"]""";
        var context = new Dictionary<string, string>(StringComparer.Ordinal) { ["userId"] = "u", ["tokenExpiresAt"] = "1700000000", ["topics"] = topics };
        var expected = JsonSerializer.SerializeToUtf8Bytes(
            AuthorizerResponse.For("u", allow: true, "arn:x", context), ApiGatewayJson.Context.AuthorizerResponse);

        var actual = AuthorizerPolicyWriter.Allow("u", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), "arn:x", topics);

        Assert.Equal(expected, actual);
        Assert.Equal(topics, JsonDocument.Parse(actual).RootElement.GetProperty("context").GetProperty("topics").GetString());
    }

    [Theory]
    [MemberData(nameof(MethodArns))]
    public void Deny_AnyMethodArn_SameBytesAsSerializer(string methodArn)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(
            AuthorizerResponse.For("anonymous", allow: false, methodArn), ApiGatewayJson.Context.AuthorizerResponse);

        Assert.Equal(expected, AuthorizerPolicyWriter.Deny(methodArn));
    }

    [Fact]
    public void Allow_AfterLargeOutput_NextOutputIsIndependent()
    {
        var large = AuthorizerPolicyWriter.Allow("u", null, "arn:" + new string('a', 40_000));

        var small = AuthorizerPolicyWriter.Deny("arn:x");

        Assert.True(large.Length > 40_000);
        Assert.Equal("""{"principalId":"anonymous","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:x"}]}}""",
            Encoding.UTF8.GetString(small));
    }
}
