using System.Text.Json;
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
