using Notifier.Core.Topics;

namespace Notifier.Core.Tests.Topics;

public sealed class TopicGrantsTests
{
    public static TheoryData<string, string[], string, bool> Decisions => new()
    {
        { "OwnUserTopic_NoClaim", [], "user:alice", true },
        { "OtherUsersTopic_NoClaim", [], "user:bob", false },
        { "UserPrefixEntry_AllowsOtherUsersTopics", ["user:*"], "user:bob", true },
        { "ExactEntry", ["orders/42"], "orders/42", true },
        { "ExactEntry_DoesNotAllowLonger", ["orders/4"], "orders/42", false },
        { "ExactEntry_DoesNotAllowShorter", ["orders/42"], "orders/4", false },
        { "PrefixEntry_AllowsDeeper", ["orders/*"], "orders/42/items", true },
        { "PrefixEntry_NeedsThePrefix", ["orders/*"], "order/42", false },
        { "PrefixEntry_IsCaseSensitive", ["orders/*"], "Orders/42", false },
        { "StarAlone_AllowsEverything", ["*"], "admin/x", true },
        { "StarInTheMiddle_IsNoWildcard", ["orders/*/items"], "orders/42/items", false },
        { "EntryWithBadCharacters_IsIgnored", ["orders 42"], "orders", false },
        { "SecondEntryMatches", ["room:1", "doc:*"], "doc:7", true },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Allows_ClaimEntries_Decide(string scenario, string[] entries, string topic, bool expected)
    {
        var grants = TopicGrants.FromClaim(entries);

        Assert.True(expected == grants.Allows(topic, "alice"), scenario);
    }

    [Fact]
    public void FromClaim_DropsMalformedAndRepeatedEntries_KeepsOrder()
    {
        var grants = TopicGrants.FromClaim(["b/*", "", "a", "no spaces", "b/*", "x*y", new string('t', 257), "*"]);

        Assert.Equal(["b/*", "a", "*"], grants.Entries);
    }

    [Fact]
    public void Encode_ThenDecode_RoundTrips_AsAJsonArrayText()
    {
        var grants = TopicGrants.FromClaim(["orders/*", "room:1", "user:x@y.z"]);

        var encoded = grants.Encode();

        Assert.Equal("""["orders/*","room:1","user:x@y.z"]""", encoded);
        Assert.Equal(grants.Entries, TopicGrants.Decode(encoded).Entries);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("orders/*")]
    [InlineData("{\"a\":1}")]
    [InlineData("[1,true,null]")]
    [InlineData("[\"ok\"")]
    public void Decode_AnythingElse_GrantsNothingMore(string? encoded)
    {
        var grants = TopicGrants.Decode(encoded);

        Assert.Empty(grants.Entries);
        Assert.False(grants.Allows("orders/1", "alice"));
        Assert.True(grants.Allows("user:alice", "alice"));
    }

    [Theory]
    [InlineData("orders/42", null)]
    [InlineData("user:alice@example.com", null)]
    [InlineData("a-b_c.d:e/f@g", null)]
    [InlineData("", "empty")]
    [InlineData("orders/*", "only letters")]
    [InlineData("ordres 42", "only letters")]
    [InlineData("ünïcode", "only letters")]
    public void TopicName_Problem_NamesWhatIsWrong(string topic, string? expected)
    {
        var problem = TopicName.Problem(topic);

        if (expected is null)
        {
            Assert.Null(problem);
            Assert.True(TopicName.IsValid(topic));
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
            Assert.False(TopicName.IsValid(topic));
        }
    }

    [Fact]
    public void TopicName_LongerThan256_IsRefused()
    {
        Assert.True(TopicName.IsValid(new string('a', 256)));
        Assert.Contains("256", TopicName.Problem(new string('a', 257)), StringComparison.Ordinal);
    }
}
