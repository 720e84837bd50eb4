using System.Text;
using Microsoft.Extensions.Time.Testing;
using Notifier.Core.History;
using Xunit;

namespace Notifier.Testing.History;

/// <summary>
/// What every <see cref="IMessageHistory"/> must do, written once and run against each implementation by deriving from
/// this class and implementing <see cref="CreateHistoryAsync"/>.
/// </summary>
/// <remarks>
/// Times start at the current instant truncated to the second (a history may keep expiry in whole seconds, as DynamoDB's
/// TTL does) and move only through <see cref="Time"/>. The retention is an hour unless a test says otherwise.
/// </remarks>
public abstract class MessageHistoryContract
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    protected MessageHistoryContract()
    {
        Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
    }

    /// <summary>The clock handed to the history; tests advance it to expire messages.</summary>
    protected FakeTimeProvider Time { get; }

    /// <summary>Creates an empty history with <paramref name="options"/> that reads the time from <paramref name="time"/>.</summary>
    protected abstract Task<IMessageHistory> CreateHistoryAsync(HistoryOptions options, TimeProvider time);

    private Task<IMessageHistory> HistoryAsync(TimeSpan? retention = null) =>
        CreateHistoryAsync(new HistoryOptions { Retention = retention ?? Hour }, Time);

    private static string NewStream() => $"user:{Guid.NewGuid():N}";

    private static byte[] Body(int n) => Encoding.UTF8.GetBytes($"{{\"n\":{n},\"text\":\"caf\u00e9 \u2713 \U0001F600\"}}");

    private static string IdOf(int n) => $"message-{n}";

    private static async Task<List<long>> AppendAsync(IMessageHistory history, string stream, int from, int to)
    {
        var numbers = new List<long>();
        for (var n = from; n <= to; n++)
        {
            numbers.Add(await history.AppendAsync(stream, IdOf(n), Body(n)));
        }

        return numbers;
    }

    private static void AssertMessages(IEnumerable<int> expected, HistoryPage page)
    {
        Assert.Equal(expected.Select(n => (long)n), page.Messages.Select(m => m.Seq));
        Assert.All(page.Messages, m =>
        {
            Assert.Equal(IdOf((int)m.Seq), m.Id);
            Assert.Equal(Body((int)m.Seq), m.Message.ToArray());
        });
    }

    [SkippableFact]
    public async Task AppendAsync_NewStream_NumbersFromOne_WithoutGaps()
    {
        var history = await HistoryAsync();

        var numbers = await AppendAsync(history, NewStream(), 1, 5);

        Assert.Equal([1, 2, 3, 4, 5], numbers);
    }

    [SkippableFact]
    public async Task AppendAsync_Streams_AreNumberedApart()
    {
        var history = await HistoryAsync();
        var (alice, orders) = (NewStream(), $"orders/{Guid.NewGuid():N}");

        var numbers = new[]
        {
            await history.AppendAsync(alice, "a", Body(1)),
            await history.AppendAsync(orders, "b", Body(1)),
            await history.AppendAsync(alice, "c", Body(2)),
            await history.AppendAsync(orders, "d", Body(2)),
            await history.AppendAsync(orders, "e", Body(3)),
        };
        var alicePage = await history.ReadAsync(alice, 0, 10);
        var ordersPage = await history.ReadAsync(orders, 0, 10);

        Assert.Equal([1, 1, 2, 2, 3], numbers);
        Assert.Equal(["a", "c"], alicePage.Messages.Select(m => m.Id));
        Assert.Equal(["b", "d", "e"], ordersPage.Messages.Select(m => m.Id));
        Assert.Equal((2L, 3L), (alicePage.Last, ordersPage.Last));
    }

    [SkippableFact]
    public async Task ReadAsync_AfterN_ReturnsTheRestInOrder_WithIdsAndBytesIntact()
    {
        var history = await HistoryAsync();
        var stream = NewStream();
        await AppendAsync(history, stream, 1, 5);

        var page = await history.ReadAsync(stream, 2, 10);

        AssertMessages([3, 4, 5], page);
        Assert.Equal(5, page.Last);
        Assert.True(page.Complete);
    }

    [SkippableFact]
    public async Task ReadAsync_Limit_PagesThroughTheStream_EachPageComplete()
    {
        var history = await HistoryAsync();
        var stream = NewStream();
        await AppendAsync(history, stream, 1, 5);

        var first = await history.ReadAsync(stream, 0, 2);
        var second = await history.ReadAsync(stream, first.Messages[^1].Seq, 2);
        var third = await history.ReadAsync(stream, second.Messages[^1].Seq, 2);
        var end = await history.ReadAsync(stream, third.Messages[^1].Seq, 2);

        AssertMessages([1, 2], first);
        AssertMessages([3, 4], second);
        AssertMessages([5], third);
        AssertMessages([], end);
        Assert.All(new[] { first, second, third, end }, page => Assert.Equal((5L, true), (page.Last, page.Complete)));
    }

    [SkippableFact]
    public async Task ReadAsync_UnknownStream_IsEmpty_LastZero_AndComplete()
    {
        var history = await HistoryAsync();

        var page = await history.ReadAsync(NewStream(), 0, 10);

        Assert.Empty(page.Messages);
        Assert.Equal(0, page.Last);
        Assert.True(page.Complete);
    }

    [SkippableFact]
    public async Task ReadAsync_AfterBeyondTheLast_IsEmpty_WithTheStreamsRealLast_AndComplete()
    {
        var history = await HistoryAsync();
        var stream = NewStream();
        await AppendAsync(history, stream, 1, 3);

        // A client that has not received from a stream yet asks from beyond any number to learn where the stream stands.
        var page = await history.ReadAsync(stream, 9_007_199_254_740_991, 10);

        AssertMessages([], page);
        Assert.Equal((3L, true), (page.Last, page.Complete));
    }

    [SkippableFact]
    public async Task ReadAsync_NegativeAfter_ReadsFromTheStart()
    {
        var history = await HistoryAsync();
        var stream = NewStream();
        await AppendAsync(history, stream, 1, 2);

        var page = await history.ReadAsync(stream, -5, 10);

        AssertMessages([1, 2], page);
        Assert.True(page.Complete);
    }

    [SkippableFact]
    public async Task ReadAsync_AtTheRetention_LeavesTheMessageOut()
    {
        var history = await HistoryAsync();
        var stream = NewStream();
        await AppendAsync(history, stream, 1, 1);

        Time.Advance(Hour - TimeSpan.FromSeconds(1));
        var before = await history.ReadAsync(stream, 0, 10);
        Time.Advance(TimeSpan.FromSeconds(1));
        var at = await history.ReadAsync(stream, 0, 10);

        AssertMessages([1], before);
        Assert.True(before.Complete);
        AssertMessages([], at);
        Assert.Equal(1, at.Last);
        Assert.False(at.Complete);
    }

    [SkippableFact]
    public async Task ReadAsync_SomeExpired_ReturnsTheLiveOnes_IncompleteFromBeforeThem()
    {
        var history = await HistoryAsync();
        var stream = NewStream();
        await AppendAsync(history, stream, 1, 4);
        Time.Advance(TimeSpan.FromMinutes(30));
        await AppendAsync(history, stream, 5, 6);
        Time.Advance(TimeSpan.FromMinutes(30));

        var fromStart = await history.ReadAsync(stream, 0, 2);
        var fromFour = await history.ReadAsync(stream, 4, 10);
        var fromTwo = await history.ReadAsync(stream, 2, 10);

        AssertMessages([5, 6], fromStart);
        Assert.Equal((6L, false), (fromStart.Last, fromStart.Complete));
        AssertMessages([5, 6], fromFour);
        Assert.Equal((6L, true), (fromFour.Last, fromFour.Complete));
        Assert.False(fromTwo.Complete);
    }

    [SkippableFact]
    public async Task ReadAsync_AllExpired_IsEmpty_WithTheLastNumber_AndIncomplete_AndNumbersGoOn()
    {
        var history = await HistoryAsync();
        var stream = NewStream();
        await AppendAsync(history, stream, 1, 3);
        Time.Advance(Hour * 2);

        var expired = await history.ReadAsync(stream, 0, 10);
        var atTheEnd = await history.ReadAsync(stream, 3, 10);
        var next = await history.AppendAsync(stream, IdOf(4), Body(4));

        AssertMessages([], expired);
        Assert.Equal((3L, false), (expired.Last, expired.Complete));
        Assert.Equal((3L, true), (atTheEnd.Last, atTheEnd.Complete));
        Assert.Equal(4, next);
    }

    [SkippableFact]
    public async Task ZeroRetention_StoresNothing_GivesNumbers_AndIsNeverComplete()
    {
        var history = await HistoryAsync(TimeSpan.Zero);
        var stream = NewStream();

        var numbers = await AppendAsync(history, stream, 1, 3);
        var page = await history.ReadAsync(stream, 0, 10);
        var atTheEnd = await history.ReadAsync(stream, 3, 10);
        var unknown = await history.ReadAsync(NewStream(), 0, 10);

        Assert.Equal([1, 2, 3], numbers);
        AssertMessages([], page);
        Assert.Equal((3L, false), (page.Last, page.Complete));
        Assert.Equal((3L, false), (atTheEnd.Last, atTheEnd.Complete));
        Assert.Equal((0L, false), (unknown.Last, unknown.Complete));
    }

    [SkippableFact]
    public async Task AppendAsync_FiftyConcurrentAppenders_GetOneToFifty_WithoutGapsOrRepeats()
    {
        const int appenders = 50;
        var history = await HistoryAsync();
        var stream = NewStream();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Every appender waits on the one start, so all fifty are in flight together once it is set.
        var appends = Enumerable.Range(1, appenders)
            .Select(async n =>
            {
                await start.Task;
                return (Seq: await history.AppendAsync(stream, $"concurrent-{n}", Body(n)), Id: $"concurrent-{n}");
            })
            .ToList();
        start.SetResult();
        var results = await Task.WhenAll(appends);
        var page = await history.ReadAsync(stream, 0, appenders * 2);

        Assert.Equal(Enumerable.Range(1, appenders).Select(n => (long)n), results.Select(r => r.Seq).Order());
        Assert.Equal(results.OrderBy(r => r.Seq).Select(r => r.Id), page.Messages.Select(m => m.Id));
        Assert.Equal(((long)appenders, true), (page.Last, page.Complete));
    }

    [SkippableFact]
    public async Task Calls_WithACancelledToken_AreCancelled()
    {
        var history = await HistoryAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => history.AppendAsync(NewStream(), "a", Body(1), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => history.ReadAsync(NewStream(), 0, 10, cancelled.Token));
    }
}
