using System.Text;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

/// <summary>How the gateway reads an authorizer's policy, as API Gateway does.</summary>
public sealed class AuthorizerVerdictTests
{
    private const string MethodArn = "arn:aws:execute-api:us-east-1:123456789012:abc/local/$connect";

    [Fact]
    public void Allow_KeepsPrincipalAndScalarContextValues()
    {
        var verdict = Read(Policy("Allow", """{"topics":"[\"a\"]","level":3,"admin":true,"nested":{"x":1},"list":[1],"none":null}"""));

        Assert.True(verdict.IsAllowed);
        Assert.Equal(["admin", "level", "principalId", "topics"], Entries(verdict).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("alice", Entries(verdict)["principalId"].GetString());
        Assert.Equal("""["a"]""", Entries(verdict)["topics"].GetString());
        Assert.Equal(3, Entries(verdict)["level"].GetInt32());
        Assert.True(Entries(verdict)["admin"].GetBoolean());
    }

    [Fact]
    public void Allow_ContextOutlivesTheResponseBuffer()
    {
        var response = Encoding.UTF8.GetBytes(Policy("Allow", """{"team":"blue"}"""));
        var verdict = AuthorizerVerdict.FromPolicy(response, MethodArn);
        Array.Clear(response);

        Assert.Equal("blue", Entries(verdict)["team"].GetString());
        Assert.Equal("alice", Entries(verdict)["principalId"].GetString());
    }

    [Fact]
    public void Allow_ALaterDuplicateWins()
    {
        var verdict = Read(Policy("Allow", """{"team":"blue","team":"red","principalId":"mallory"}"""));

        Assert.Equal("red", Entries(verdict)["team"].GetString());
        Assert.Equal("mallory", Entries(verdict)["principalId"].GetString());
    }

    [Theory]
    [InlineData("Deny", 403)]
    [InlineData("Maybe", 403)]
    public void NotAllowed_IsRefused(string effect, int status)
    {
        var verdict = Read(Policy(effect, "{}"));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(status, verdict.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"policyDocument":{"Statement":[]}}""")]
    [InlineData("""{"principalId":"alice","policyDocument":{"Statement":{}}}""")]
    public void Malformed_Is500(string response)
    {
        Assert.Equal(500, Read(response).StatusCode);
    }

    private static Dictionary<string, System.Text.Json.JsonElement> Entries(AuthorizerVerdict verdict) => AuthorizerVerdict.ContextEntries(verdict.Context!.Value);

    private static AuthorizerVerdict Read(string response) => AuthorizerVerdict.FromPolicy(Encoding.UTF8.GetBytes(response), MethodArn);

    private static string Policy(string effect, string context) =>
        $$"""{"principalId":"alice","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"{{effect}}","Resource":"{{MethodArn}}"}]},"context":{{context}}}""";
}
