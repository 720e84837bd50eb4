using Notifier.Auth.Authorization;
using Notifier.Auth.Tokens;
using Notifier.Core.Topics;
using Notifier.Testing.Tokens;

namespace Notifier.Auth.Tests.Authorization;

public sealed class ConnectionAuthorizerTopicsTests
{
    private static readonly ConnectionAuthorizer Authorizer = new(new TokenValidator(new JwtOptions { Secret = TestTokens.Secret }), OriginPolicy.AllowAll);

    private static ValueTask<AuthorizationDecision> AuthorizeAsync(string[] topics) =>
        Authorizer.AuthorizeAsync(new AuthorizationRequest(
            [TestTokens.Create("alice", claims: new Dictionary<string, object> { ["topics"] = topics })], [], null));

    [Fact]
    public async Task AuthorizeAsync_TopicsClaim_IsPassedOnAsOneJsonArrayString()
    {
        var decision = await AuthorizeAsync(["orders/*", "room:1"]);

        Assert.Equal(AuthorizationDecision.Kind.Allow, decision.Outcome);
        Assert.Equal("""["orders/*","room:1"]""", decision.TopicsContext);
    }

    [Fact]
    public async Task AuthorizeAsync_NoUsableEntries_PassesNoTopicsContext()
    {
        var decision = await AuthorizeAsync(["not a topic"]);

        Assert.Equal(AuthorizationDecision.Kind.Allow, decision.Outcome);
        Assert.Null(decision.TopicsContext);
    }

    [Fact]
    public async Task AuthorizeAsync_EntriesJustUnderTheLimit_Allow()
    {
        // 20 entries of 200 characters: 20 * 203 + 1 = 4061 bytes encoded.
        var decision = await AuthorizeAsync([.. Enumerable.Range(0, 20).Select(i => $"{i:D3}" + new string('t', 197))]);

        Assert.Equal(AuthorizationDecision.Kind.Allow, decision.Outcome);
        Assert.InRange(decision.TopicsContext!.Length, 4000, TopicGrants.MaximumEncodedBytes);
    }

    [Fact]
    public async Task AuthorizeAsync_EntriesOverTheLimit_DenyWithAReason_RatherThanDroppingSome()
    {
        var decision = await AuthorizeAsync([.. Enumerable.Range(0, 21).Select(i => $"{i:D3}" + new string('t', 197))]);

        Assert.Equal(AuthorizationDecision.Kind.Deny, decision.Outcome);
        Assert.Equal($"topics claim is over {TopicGrants.MaximumEncodedBytes} bytes", decision.Reason);
    }
}
