using Notifier.Auth.Authorization;
using Notifier.Auth.Tokens;
using Notifier.Testing.Tokens;

namespace Notifier.Auth.Tests.Authorization;

/// <summary>Which token a handshake offers: one from the query, the <c>Authorization</c> values or both, never a choice between two.</summary>
public sealed class ConnectionAuthorizerTokenSourceTests
{
    private static readonly ConnectionAuthorizer Authorizer = new(new TokenValidator(new JwtOptions { Secret = TestTokens.Secret }), OriginPolicy.AllowAll);

    private static readonly string Alice = TestTokens.Create("alice");

    private static readonly string Mallory = TestTokens.Create("mallory");

    /// <summary>Query tokens and <c>Authorization</c> values, by case; "A" is alice's token, "M" mallory's.</summary>
    public static TheoryData<string, string[], string[], AuthorizationDecision.Kind, string> Cases => new()
    {
        { "Headers_TwoDifferent", [], ["Bearer A", "Bearer M"], AuthorizationDecision.Kind.Deny, "more than one token offered" },
        { "Headers_TwoDifferent_Reversed", [], ["Bearer M", "Bearer A"], AuthorizationDecision.Kind.Deny, "more than one token offered" },
        { "Headers_FirstMatchesQuery_SecondDiffers", ["A"], ["Bearer A", "Bearer M"], AuthorizationDecision.Kind.Deny, "more than one token offered" },
        { "Headers_SecondNotBearer", [], ["Bearer A", "Basic dXNlcjpwYXNz"], AuthorizationDecision.Kind.Deny, "authorization header is not a bearer token" },
        { "Headers_SameTokenTwice", [], ["Bearer A", "bearer  A "], AuthorizationDecision.Kind.Allow, "allowed" },
        { "Headers_OneBlank", [], ["", "Bearer A"], AuthorizationDecision.Kind.Allow, "allowed" },
        { "Headers_BearerWithoutToken_AndQuery", ["A"], ["Bearer "], AuthorizationDecision.Kind.Deny, "authorization header is not a bearer token" },
        { "QueryAndHeader_Same", ["A"], ["Bearer A"], AuthorizationDecision.Kind.Allow, "allowed" },
        { "None", [], [], AuthorizationDecision.Kind.Unauthorized, "no token" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AuthorizeAsync_TokenSources_OneTokenOrRefused(
        string name, string[] query, string[] headers, AuthorizationDecision.Kind outcome, string reason)
    {
        var decision = await Authorizer.AuthorizeAsync(new AuthorizationRequest([.. query.Select(Expand)], [.. headers.Select(Expand)], null));

        Assert.True(decision.Outcome == outcome, $"{name}: {decision.Outcome} ({decision.Reason})");
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(outcome == AuthorizationDecision.Kind.Allow ? "alice" : null, decision.UserId);
    }

    private static string Expand(string text) =>
        text.Replace(" A", " " + Alice, StringComparison.Ordinal).Replace(" M", " " + Mallory, StringComparison.Ordinal) switch
        {
            "A" => Alice,
            "M" => Mallory,
            var other => other,
        };
}
