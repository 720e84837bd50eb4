using System.Text.Json;
using System.Text.Json.Nodes;
using Notifier.Functions.Handlers;
using Notifier.Testing.Events;

namespace Notifier.Functions.Tests.Handlers;

public sealed class AuthorizerFunctionTests
{
    private readonly FunctionFixture _fixture = new();

    [Fact]
    public async Task InvokeAsync_ValidQueryToken_AllowsOnMethodArnWithUserAsPrincipal()
    {
        var authorizerEvent = SampleEvents.Authorizer(FunctionFixture.ValidToken("user-42"));

        var response = await _fixture.InvokeForJsonAsync("authorizer", SampleEvents.Bytes(authorizerEvent));

        Assert.Equal("user-42", response.GetProperty("principalId").GetString());
        var statement = response.GetProperty("policyDocument").GetProperty("Statement")[0];
        Assert.Equal("2012-10-17", response.GetProperty("policyDocument").GetProperty("Version").GetString());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("execute-api:Invoke", statement.GetProperty("Action").GetString());
        Assert.Equal(authorizerEvent["methodArn"]!.GetValue<string>(), statement.GetProperty("Resource").GetString());
    }

    [Fact]
    public async Task InvokeAsync_Allow_ContextHoldsOnlyScalars()
    {
        var response = await _fixture.InvokeForJsonAsync("authorizer", SampleEvents.Bytes(SampleEvents.Authorizer(FunctionFixture.ValidToken())));

        foreach (var property in response.GetProperty("context").EnumerateObject())
        {
            Assert.Contains(property.Value.ValueKind, new[] { JsonValueKind.String, JsonValueKind.Number, JsonValueKind.True, JsonValueKind.False });
        }
    }

    [Fact]
    public async Task InvokeAsync_BearerHeaderWithoutQueryToken_Allows()
    {
        var authorizerEvent = SampleEvents.Authorizer(null);
        SampleEvents.SetHeader(authorizerEvent, "authorization", "Bearer " + FunctionFixture.ValidToken("header-user"));

        var response = await _fixture.InvokeForJsonAsync("authorizer", SampleEvents.Bytes(authorizerEvent));

        Assert.Equal("header-user", response.GetProperty("principalId").GetString());
    }

    [Fact]
    public async Task InvokeAsync_SameBearerTokenInTwoAuthorizationHeaders_Allows()
    {
        var authorizerEvent = SampleEvents.Authorizer(null);
        var header = "Bearer " + FunctionFixture.ValidToken("header-user");
        SampleEvents.SetHeader(authorizerEvent, "Authorization", header);
        authorizerEvent["multiValueHeaders"]!["Authorization"] = new JsonArray(header, header);

        var response = await _fixture.InvokeForJsonAsync("authorizer", SampleEvents.Bytes(authorizerEvent));

        Assert.Equal("header-user", response.GetProperty("principalId").GetString());
    }

    [Theory]
    [InlineData("GenuineFirst", 0)]
    [InlineData("GenuineSecond", 1)]
    public async Task InvokeAsync_TwoDifferentAuthorizationHeaders_DeniesWhateverTheOrder(string name, int genuineAt)
    {
        var authorizerEvent = SampleEvents.Authorizer(null);
        string[] values = ["Bearer " + FunctionFixture.ValidToken("user-a"), "Bearer " + FunctionFixture.ValidToken("user-b")];
        if (genuineAt == 1)
        {
            Array.Reverse(values);
        }

        SampleEvents.SetHeader(authorizerEvent, "Authorization", values[^1]);
        authorizerEvent["multiValueHeaders"]!["Authorization"] = new JsonArray(values[0], values[1]);

        var response = await _fixture.InvokeForJsonAsync("authorizer", SampleEvents.Bytes(authorizerEvent));

        Assert.True(response.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString() == "Deny", name);
        Assert.Contains(_fixture.Logs.Lines, line => line.Contains("more than one token offered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_NoToken_IsUnauthorizedError()
    {
        var result = await _fixture.InvokeAsync("authorizer", SampleEvents.Bytes(SampleEvents.Authorizer(null)));

        Assert.False(result.IsSuccess);
        Assert.Equal(AuthorizerFunction.UnauthorizedError, result.ErrorMessage);
    }

    [Fact]
    public async Task InvokeAsync_OriginCheckedCaseInsensitiveHeaderName()
    {
        var authorizerEvent = SampleEvents.Authorizer(FunctionFixture.ValidToken());
        SampleEvents.SetHeader(authorizerEvent, "Origin", null);
        SampleEvents.SetHeader(authorizerEvent, "origin", FunctionFixture.AllowedOrigin);

        var response = await _fixture.InvokeForJsonAsync("authorizer", SampleEvents.Bytes(authorizerEvent));

        Assert.Equal("Allow", response.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString());
    }

    [Fact]
    public async Task InvokeAsync_Logs_NeverContainTokenOrQueryString()
    {
        var token = FunctionFixture.ValidToken("logged-user");
        await _fixture.InvokeAsync("authorizer", SampleEvents.Bytes(SampleEvents.Authorizer(token)));
        await _fixture.InvokeAsync("authorizer", SampleEvents.Bytes(SampleEvents.Authorizer(token + "tampered")));

        Assert.NotEmpty(_fixture.Logs.Lines);
        Assert.DoesNotContain(token.Split('.')[1], _fixture.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", _fixture.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("logged-user", _fixture.Logs.AllText, StringComparison.Ordinal);
    }
}
