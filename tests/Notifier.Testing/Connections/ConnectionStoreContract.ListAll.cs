using Xunit;

namespace Notifier.Testing.Connections;

public abstract partial class ConnectionStoreContract
{
    [SkippableFact]
    public async Task ListAllAsync_EmptyStore_ReturnsNothing()
    {
        var store = await StoreAsync();

        var all = await ReadAllAsync(store.ListAllAsync());

        Assert.Empty(all);
    }

    [SkippableFact]
    public async Task ListAllAsync_ManyRecords_ReturnsEveryLiveRecordOnce()
    {
        var store = await StoreAsync();
        var live = Enumerable.Range(0, 120).Select(i => Connection(NewConnectionId(), $"user-{i % 7}")).ToList();
        var stale = Enumerable.Range(0, 10).Select(_ => Connection(NewConnectionId(), "user-0", age: ExpiredAge)).ToList();
        await AddAllAsync(store, [.. live, .. stale]);

        var all = await ReadAllAsync(store.ListAllAsync());

        Assert.Equal(Ids(live), Ids(all));
        Assert.All(all, record => Assert.Equal(live.Single(l => l.ConnectionId == record.ConnectionId), record));
    }

    [SkippableFact]
    public async Task ListAllAsync_LeftEarly_StopsCleanly()
    {
        var store = await StoreAsync();
        await AddAllAsync(store, Enumerable.Range(0, 30).Select(_ => Connection(NewConnectionId(), "user-1")));

        var taken = 0;
        await foreach (var unused in store.ListAllAsync())
        {
            if (++taken == 5)
            {
                break;
            }
        }

        Assert.Equal(5, taken);
        Assert.Equal(30, (await ReadAllAsync(store.ListAllAsync())).Count);
    }
}
