using System.Text.Json;
using Notifier.Functions.Handlers;
using Notifier.Testing.Events;

namespace Notifier.Functions.Tests.Handlers;

public sealed class AuthorizerFunctionHostileInputTests
{
    public static TheoryData<string> Cases => HostileAuthorizerInputs.Names;

    [Fact]
    public void Cases_AreAtLeastThirty() => Assert.True(HostileAuthorizerInputs.Cases.Count >= 30);

    [Fact]
    public async Task InvokeAsync_RawTokenAsTheHostileCasesSignIt_Allows()
    {
        // The raw cases differ from this token only in what they name; without it they could be denied for a typo.
        var payload = SampleEvents.Bytes(SampleEvents.Authorizer(HostileAuthorizerInputs.Signed(HostileAuthorizerInputs.Hs256, "\"sub\":\"user-123\"")));

        var response = await new FunctionFixture().InvokeForJsonAsync("authorizer", payload);

        Assert.Equal("Allow", response.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InvokeAsync_HostileInput_DeniesOrUnauthorizedNeverAllows(string caseName)
    {
        var fixture = new FunctionFixture();
        var payload = HostileAuthorizerInputs.Cases[caseName]();

        var result = await fixture.InvokeAsync("authorizer", payload);

        if (result.IsSuccess)
        {
            using var response = JsonDocument.Parse(result.Response!);
            var effect = response.RootElement.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString();
            Assert.Equal("Deny", effect);
            Assert.NotEqual("user-123", response.RootElement.GetProperty("principalId").GetString());
        }
        else
        {
            Assert.Equal(AuthorizerFunction.UnauthorizedError, result.ErrorType);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InvokeAsync_HostileInput_LogsNoTokenMaterial(string caseName)
    {
        var fixture = new FunctionFixture();
        var payload = HostileAuthorizerInputs.Cases[caseName]();

        await fixture.InvokeAsync("authorizer", payload);

        var logs = fixture.Logs.AllText;
        Assert.DoesNotContain("eyJ", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", logs, StringComparison.Ordinal);
    }
}
