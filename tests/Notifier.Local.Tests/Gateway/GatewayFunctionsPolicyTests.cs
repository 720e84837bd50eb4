using System.Text;
using System.Text.Json;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

/// <summary>How the gateway reads an authorizer's policy, as API Gateway does.</summary>
public sealed class GatewayFunctionsPolicyTests
{
    private const string MethodArn = "arn:aws:execute-api:us-east-1:123456789012:abc/local/$connect";

    [Fact]
    public void ReadPolicy_Allow_KeepsPrincipalAndScalarContextValues()
    {
        var (status, context) = Read(Policy("Allow", """{"topics":"[\"a\"]","level":3,"admin":true,"nested":{"x":1},"list":[1],"none":null}"""));

        Assert.Equal(200, status);
        Assert.Equal(["admin", "level", "principalId", "topics"], Entries(context).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("alice", Entries(context)["principalId"].GetString());
        Assert.Equal("""["a"]""", Entries(context)["topics"].GetString());
        Assert.Equal(3, Entries(context)["level"].GetInt32());
        Assert.True(Entries(context)["admin"].GetBoolean());
    }

    [Fact]
    public void ReadPolicy_Allow_ContextOutlivesTheResponseBuffer()
    {
        var response = Encoding.UTF8.GetBytes(Policy("Allow", """{"team":"blue"}"""));
        var (_, context) = GatewayFunctions.ReadPolicy(response, MethodArn);
        Array.Clear(response);

        Assert.Equal("blue", Entries(context)["team"].GetString());
        Assert.Equal("alice", Entries(context)["principalId"].GetString());
    }

    [Fact]
    public void ReadPolicy_Allow_ALaterDuplicateWins()
    {
        var (_, context) = Read(Policy("Allow", """{"team":"blue","team":"red","principalId":"mallory"}"""));

        Assert.Equal("red", Entries(context)["team"].GetString());
        Assert.Equal("mallory", Entries(context)["principalId"].GetString());
    }

    [Theory]
    [InlineData("Deny", 403)]
    [InlineData("Maybe", 403)]
    public void ReadPolicy_NotAllowed_IsRefused(string effect, int expectedStatus)
    {
        var (status, context) = Read(Policy(effect, "{}"));

        Assert.Null(context);
        Assert.Equal(expectedStatus, status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"policyDocument":{"Statement":[]}}""")]
    [InlineData("""{"principalId":"alice","policyDocument":{"Statement":{}}}""")]
    public void ReadPolicy_Malformed_Is500(string response)
    {
        var (status, context) = Read(response);

        Assert.Null(context);
        Assert.Equal(500, status);
    }

    private static Dictionary<string, JsonElement> Entries(JsonElement? context)
    {
        Assert.NotNull(context);
        return GatewayEvents.AuthorizerEntries(context.Value);
    }

    private static (int StatusCode, JsonElement? Context) Read(string response) => GatewayFunctions.ReadPolicy(Encoding.UTF8.GetBytes(response), MethodArn);

    private static string Policy(string effect, string context) =>
        $$"""{"principalId":"alice","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"{{effect}}","Resource":"{{MethodArn}}"}]},"context":{{context}}}""";
}
