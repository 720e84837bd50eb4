using Notifier.Core.Configuration;

namespace Notifier.Functions.Hosting;

/// <summary>One publish instance's share of the stack's management API budget, in posts per second.</summary>
/// <remarks>
/// API Gateway throttles the management API per account and region, not per caller, so the stack has one budget
/// (<c>NOTIFIER_POSTS_PER_SECOND</c>, default 5,000) shared by at most <c>NOTIFIER_PUBLISH_CONCURRENCY</c> publish
/// instances running at once (default 10, the function's reserved concurrency). Each instance takes an equal share,
/// so the budget holds however the load falls on them. 0 turns the cap off.
/// </remarks>
internal static class PostBudget
{
    public const string PostsPerSecondVariable = "NOTIFIER_POSTS_PER_SECOND";
    public const string PublishConcurrencyVariable = "NOTIFIER_PUBLISH_CONCURRENCY";
    public const int DefaultPostsPerSecond = 5_000;
    public const int DefaultPublishConcurrency = 10;

    /// <summary>This instance's posts per second, or null when the budget is off.</summary>
    /// <exception cref="NotifierConfigurationException">A setting is not a whole number in range, or the budget leaves an instance less than one post a second.</exception>
    public static int? FromSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var postsPerSecond = settings.Integer(PostsPerSecondVariable, DefaultPostsPerSecond, min: 0, max: 1_000_000);
        var publishConcurrency = settings.Integer(PublishConcurrencyVariable, DefaultPublishConcurrency, min: 1, max: 10_000);
        if (postsPerSecond == 0)
        {
            return null;
        }

        if (postsPerSecond < publishConcurrency)
        {
            throw new NotifierConfigurationException(
                PostsPerSecondVariable,
                $"({postsPerSecond}) must be at least {PublishConcurrencyVariable} ({publishConcurrency}): each publish instance gets an equal share, and a share below one post a second would stop it (0 turns the cap off)");
        }

        return postsPerSecond / publishConcurrency;
    }
}
