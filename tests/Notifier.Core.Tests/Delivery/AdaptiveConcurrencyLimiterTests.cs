using Notifier.Core.Delivery;

namespace Notifier.Core.Tests.Delivery;

public sealed class AdaptiveConcurrencyLimiterTests
{
    [Fact]
    public void OnThrottled_HalvesDownToTheMinimum()
    {
        var limiter = new AdaptiveConcurrencyLimiter(min: 4, max: 64);

        limiter.OnThrottled();
        Assert.Equal(32, limiter.Limit);
        for (var i = 0; i < 10; i++)
        {
            limiter.OnThrottled();
        }

        Assert.Equal(4, limiter.Limit);
    }

    [Fact]
    public void OnSuccess_GrowsByOnePerRoundOfSuccesses()
    {
        var limiter = new AdaptiveConcurrencyLimiter(min: 1, max: 64);
        limiter.OnThrottled();
        limiter.OnThrottled();

        for (var i = 0; i < 16; i++)
        {
            limiter.OnSuccess();
        }

        Assert.Equal(17, limiter.Limit);
    }

    [Fact]
    public async Task EnterAsync_AtLimit_WaitsUntilExit()
    {
        var limiter = new AdaptiveConcurrencyLimiter(min: 1, max: 1);
        await limiter.EnterAsync(CancellationToken.None);

        var second = limiter.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        limiter.Exit();

        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_DoesNotTakeASlot()
    {
        var limiter = new AdaptiveConcurrencyLimiter(min: 1, max: 1);
        await limiter.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.EnterAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        limiter.Exit();

        await limiter.EnterAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }
}
