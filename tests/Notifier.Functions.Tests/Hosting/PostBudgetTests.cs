using Notifier.Core.Configuration;
using Notifier.Functions.Hosting;
using Notifier.Functions.Tests.Handlers;

namespace Notifier.Functions.Tests.Hosting;

public sealed class PostBudgetTests
{
    private const string PostsPerSecond = "NOTIFIER_POSTS_PER_SECOND";
    private const string PublishConcurrency = "NOTIFIER_PUBLISH_CONCURRENCY";

    [Theory]
    [InlineData(null, null, 500)]
    [InlineData("5000", "10", 500)]
    [InlineData("1000", "3", 333)]
    [InlineData("10", "10", 1)]
    [InlineData(" 2000 ", null, 200)]
    [InlineData("", "", 500)]
    public void FromSettings_SharesTheBudgetEquallyAmongPublishInstances(string? postsPerSecond, string? publishConcurrency, int expected)
    {
        Assert.Equal(expected, PostBudget.FromSettings(Settings(postsPerSecond, publishConcurrency)));
    }

    [Fact]
    public void FromSettings_Zero_TurnsTheCapOff()
    {
        Assert.Null(PostBudget.FromSettings(Settings("0", "10")));
    }

    [Theory]
    [InlineData("lots", null, PostsPerSecond, "must be a whole number from 0 to 1000000, not 'lots'")]
    [InlineData("-1", null, PostsPerSecond, "must be a whole number from 0 to 1000000")]
    [InlineData("2.5", null, PostsPerSecond, "must be a whole number")]
    [InlineData(null, "0", PublishConcurrency, "must be a whole number from 1 to 10000, not '0'")]
    [InlineData(null, "ten", PublishConcurrency, "must be a whole number from 1 to 10000")]
    [InlineData("9", "10", PostsPerSecond, "(9) must be at least NOTIFIER_PUBLISH_CONCURRENCY (10)")]
    public void FromSettings_BadValue_NamesTheSettingAndTheProblem(string? postsPerSecond, string? publishConcurrency, string setting, string problem)
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => PostBudget.FromSettings(Settings(postsPerSecond, publishConcurrency)));

        Assert.Equal(setting, error.SettingName);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Publish_BadBudget_FailsTheColdStartNamingTheSetting()
    {
        var fixture = new FunctionFixture();
        fixture.Settings[PostsPerSecond] = "5";

        var error = Assert.Throws<NotifierConfigurationException>(() => fixture.Catalog.Create("publish"));

        Assert.Equal(PostsPerSecond, error.SettingName);
    }

    private static SettingsReader Settings(string? postsPerSecond, string? publishConcurrency)
    {
        var values = new Dictionary<string, string?> { [PostsPerSecond] = postsPerSecond, [PublishConcurrency] = publishConcurrency };
        return new SettingsReader(name => values.GetValueOrDefault(name));
    }
}
