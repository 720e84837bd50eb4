using Microsoft.Extensions.Time.Testing;
using Notifier.Core.Sharding;
using Xunit;

namespace Notifier.Testing.Sharding;

/// <summary>
/// What every <see cref="ISendLedger"/> must do, written once and run against each implementation by deriving from
/// this class and implementing <see cref="CreateLedgerAsync"/>.
/// </summary>
/// <remarks>
/// Times start at the current instant truncated to the second (a ledger may keep expiry in whole seconds, as
/// DynamoDB's TTL does) and move only through <see cref="Time"/>.
/// </remarks>
public abstract class SendLedgerContract
{
    protected SendLedgerContract()
    {
        Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
    }

    /// <summary>The clock handed to the ledger; tests advance it to expire entries.</summary>
    protected FakeTimeProvider Time { get; }

    /// <summary>Creates an empty ledger that reads the time from <paramref name="time"/>.</summary>
    protected abstract Task<ISendLedger> CreateLedgerAsync(TimeProvider time);

    private Task<ISendLedger> LedgerAsync() => CreateLedgerAsync(Time);

    private static string NewSendId() => Guid.NewGuid().ToString("N");

    [SkippableFact]
    public async Task GetAsync_UnknownSend_ReturnsNull()
    {
        var ledger = await LedgerAsync();

        Assert.Null(await ledger.GetAsync(NewSendId()));
    }

    [SkippableFact]
    public async Task AddShardsAsync_Pending_IsIncompleteWithTheirTotal_AndZeroCounts()
    {
        var ledger = await LedgerAsync();
        var sendId = NewSendId();

        await ledger.AddShardsAsync(sendId, ["0.0", "1.0", "2.0"]);
        var summary = await ledger.GetAsync(sendId);

        Assert.Equal(new SendSummary(sendId, false, 0, 0, 0, 0, 0, new ShardTally(3, 0)), summary);
    }

    [SkippableFact]
    public async Task ClaimAsync_ClaimedByOneAttempt_RefusesAnother_AndGrantsTheSameAgain()
    {
        var ledger = await LedgerAsync();
        var sendId = NewSendId();
        await ledger.AddShardsAsync(sendId, ["0.0"]);

        var first = await ledger.ClaimAsync(sendId, "0.0", "attempt-a");
        var other = await ledger.ClaimAsync(sendId, "0.0", "attempt-b");
        var again = await ledger.ClaimAsync(sendId, "0.0", "attempt-a");

        Assert.True(first);
        Assert.False(other);
        Assert.True(again);
    }

    [SkippableFact]
    public async Task ClaimAsync_ShardsAreClaimedEachOnItsOwn()
    {
        var ledger = await LedgerAsync();
        var sendId = NewSendId();
        await ledger.AddShardsAsync(sendId, ["0.0", "1.0"]);

        Assert.True(await ledger.ClaimAsync(sendId, "0.0", "attempt-a"));
        Assert.True(await ledger.ClaimAsync(sendId, "1.0", "attempt-b"));
    }

    [SkippableFact]
    public async Task CompleteAsync_EveryShard_SumsTheirCounts_AndIsComplete()
    {
        var ledger = await LedgerAsync();
        var sendId = NewSendId();
        await ledger.AddShardsAsync(sendId, ["0.0", "1.0"]);

        await ledger.CompleteAsync(sendId, "0.0", new ShardCounts(10, 7, 2, 3, 1));
        var half = await ledger.GetAsync(sendId);
        await ledger.CompleteAsync(sendId, "1.0", new ShardCounts(5, 4, 0, 1, 1));
        var whole = await ledger.GetAsync(sendId);

        Assert.Equal(new SendSummary(sendId, false, 10, 7, 2, 3, 1, new ShardTally(2, 1)), half);
        Assert.Equal(new SendSummary(sendId, true, 15, 11, 2, 4, 2, new ShardTally(2, 2)), whole);
    }

    [SkippableFact]
    public async Task CompleteAsync_Twice_CountsTheFirstOnly()
    {
        var ledger = await LedgerAsync();
        var sendId = NewSendId();
        await ledger.AddShardsAsync(sendId, ["0.0"]);

        await ledger.CompleteAsync(sendId, "0.0", new ShardCounts(10, 10, 0, 0, 0));
        await ledger.CompleteAsync(sendId, "0.0", new ShardCounts(8, 6, 1, 0, 1));

        Assert.Equal(new SendSummary(sendId, true, 10, 10, 0, 0, 0, new ShardTally(1, 1)), await ledger.GetAsync(sendId));
    }

    [SkippableFact]
    public async Task ClaimAsync_AfterDone_IsRefused_EvenToTheAttemptThatRanIt()
    {
        var ledger = await LedgerAsync();
        var sendId = NewSendId();
        await ledger.AddShardsAsync(sendId, ["0.0"]);
        Assert.True(await ledger.ClaimAsync(sendId, "0.0", "attempt-a"));

        await ledger.CompleteAsync(sendId, "0.0", ShardCounts.Zero);

        Assert.False(await ledger.ClaimAsync(sendId, "0.0", "attempt-a"));
        Assert.False(await ledger.ClaimAsync(sendId, "0.0", "attempt-b"));
    }

    [SkippableFact]
    public async Task AddShardsAsync_Again_DoesNotResetADoneOrClaimedShard()
    {
        var ledger = await LedgerAsync();
        var sendId = NewSendId();
        await ledger.AddShardsAsync(sendId, ["0.0", "1.0"]);
        await ledger.CompleteAsync(sendId, "0.0", new ShardCounts(4, 4, 0, 0, 0));
        Assert.True(await ledger.ClaimAsync(sendId, "1.0", "attempt-a"));

        await ledger.AddShardsAsync(sendId, ["0.0", "1.0", "1.1"]);

        Assert.Equal(new SendSummary(sendId, false, 4, 4, 0, 0, 0, new ShardTally(3, 1)), await ledger.GetAsync(sendId));
        Assert.False(await ledger.ClaimAsync(sendId, "0.0", "attempt-b"));
        Assert.False(await ledger.ClaimAsync(sendId, "1.0", "attempt-b"));
    }

    [SkippableFact]
    public async Task Sends_AreKeptApart()
    {
        var ledger = await LedgerAsync();
        var (one, two) = (NewSendId(), NewSendId());
        await ledger.AddShardsAsync(one, ["0.0"]);
        await ledger.AddShardsAsync(two, ["0.0", "1.0"]);

        await ledger.CompleteAsync(one, "0.0", new ShardCounts(1, 1, 0, 0, 0));

        Assert.True((await ledger.GetAsync(one))!.Complete);
        Assert.Equal(new SendSummary(two, false, 0, 0, 0, 0, 0, new ShardTally(2, 0)), await ledger.GetAsync(two));
        Assert.True(await ledger.ClaimAsync(two, "0.0", "attempt-a"));
    }

    [SkippableFact]
    public async Task GetAsync_ADayAfterTheShardsWereAdded_ReturnsNull()
    {
        var ledger = await LedgerAsync();
        var sendId = NewSendId();
        await ledger.AddShardsAsync(sendId, ["0.0", "1.0"]);
        await ledger.CompleteAsync(sendId, "0.0", new ShardCounts(3, 3, 0, 0, 0));

        Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        var beforeExpiry = await ledger.GetAsync(sendId);
        Time.Advance(TimeSpan.FromSeconds(1));
        var atExpiry = await ledger.GetAsync(sendId);

        Assert.Equal(new ShardTally(2, 1), beforeExpiry?.Shards);
        Assert.Null(atExpiry);
    }
}
