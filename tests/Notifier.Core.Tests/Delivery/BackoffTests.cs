using Notifier.Core.Delivery;

namespace Notifier.Core.Tests.Delivery;

public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(0, 50)]
    [InlineData(1, 100)]
    [InlineData(3, 400)]
    [InlineData(5, 1600)]
    public void Ceiling_BelowTheMaximum_DoublesPerRetry(int retry, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Backoff.Ceiling(retry, Base, Max));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(30)]
    [InlineData(int.MaxValue)]
    public void Ceiling_PastTheMaximum_IsTheMaximum(int retry)
    {
        Assert.Equal(Max, Backoff.Ceiling(retry, Base, Max));
    }

    [Fact]
    public void Ceiling_NegativeRetry_IsTheBaseDelay()
    {
        Assert.Equal(Base, Backoff.Ceiling(-1, Base, Max));
    }

    [Fact]
    public void Delay_ManyDraws_StayWithinTheCeiling_AndSpreadOverIt()
    {
        var ceiling = Backoff.Ceiling(3, Base, Max);

        var delays = Enumerable.Range(0, 1000).Select(_ => Backoff.Delay(3, Base, Max)).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, ceiling));
        Assert.Contains(delays, delay => delay < ceiling / 4);
        Assert.Contains(delays, delay => delay > ceiling * 3 / 4);
    }

    [Fact]
    public void Delay_ZeroBaseDelay_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, Backoff.Delay(4, TimeSpan.Zero, Max));
    }
}
