using Microsoft.Extensions.Time.Testing;
using Notifier.Core.History;
using Notifier.Testing.History;

namespace Notifier.Core.Tests.History;

/// <summary>The message history contract against the in-memory history, and its listing of streams.</summary>
public sealed class InMemoryMessageHistoryTests : MessageHistoryContract
{
    protected override Task<IMessageHistory> CreateHistoryAsync(HistoryOptions options, TimeProvider time) =>
        Task.FromResult<IMessageHistory>(new InMemoryMessageHistory(options, time));

    [Fact]
    public async Task ListStreams_AfterAppendsAndExpiry_NamesEachStreamInOrderWithItsLastNumberAndWhatItKeeps()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var history = new InMemoryMessageHistory(new HistoryOptions { Retention = TimeSpan.FromMinutes(1) }, time);
        await history.AppendAsync("user:bob", "m1", "{}"u8.ToArray());
        await history.AppendAsync("room:1", "m2", "{}"u8.ToArray());
        time.Advance(TimeSpan.FromMinutes(2));
        await history.AppendAsync("room:1", "m3", "{}"u8.ToArray());

        var streams = await history.ListStreamsAsync();

        Assert.Equal([new StreamSummary("room:1", 2, 1), new StreamSummary("user:bob", 1, 0)], streams);
    }
}
