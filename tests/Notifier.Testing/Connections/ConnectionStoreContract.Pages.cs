using Notifier.Core.Connections;
using Notifier.Core.Sharding;
using Xunit;

namespace Notifier.Testing.Connections;

/// <summary>Reading recipients a slice at a time (<see cref="IRecipientPages"/>), as a sharded send does.</summary>
public abstract partial class ConnectionStoreContract
{
    /// <summary>Small, so that every range takes several pages.</summary>
    private const int PageLimit = 3;

    protected async Task<(IConnectionStore Store, IRecipientPages Pages)> PagedStoreAsync()
    {
        var store = await StoreAsync();
        return (store, Assert.IsAssignableFrom<IRecipientPages>(store));
    }

    /// <summary>Every page of one part, from the start until the cursor says there is no more.</summary>
    protected static async Task<List<RecipientPage>> ReadPartAsync(IRecipientPages pages, RecipientRange range, int limit = PageLimit)
    {
        var read = new List<RecipientPage>();
        string? cursor = null;
        do
        {
            var page = await pages.ReadPageAsync(range, cursor, limit);
            Assert.True(page.Connections.Count <= limit, $"A page of limit {limit} held {page.Connections.Count} connections.");
            read.Add(page);
            cursor = page.Cursor;

            // A store that never ends a range would loop forever: every record takes at least one page.
            Assert.True(read.Count <= 200, "The range did not end.");
        }
        while (cursor is not null);

        return read;
    }

    private static async Task<List<ConnectionRecord>[]> ReadAllPartsAsync(IRecipientPages pages, string? topic, int parts)
    {
        var byPart = new List<ConnectionRecord>[parts];
        for (var part = 0; part < parts; part++)
        {
            byPart[part] = [.. (await ReadPartAsync(pages, new RecipientRange(topic, part, parts))).SelectMany(page => page.Connections)];
        }

        return byPart;
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ReadPageAsync_EveryPartOfAllConnections_YieldsEachLiveConnectionOnce(int parts)
    {
        var (store, pages) = await PagedStoreAsync();
        var live = Enumerable.Range(0, 20).Select(i => Connection(NewConnectionId(), $"user-{i % 3}")).ToList();
        await AddAllAsync(store, live);
        await store.AddAsync(Connection(NewConnectionId(), "user-1", age: ExpiredAge));

        var byPart = await ReadAllPartsAsync(pages, topic: null, parts);

        Assert.Equal(Ids(live), Ids(byPart.SelectMany(part => part)));
        Assert.Equal(live.Count, byPart.Sum(part => part.Count));
        Assert.Equal(live.OrderBy(c => c.ConnectionId, StringComparer.Ordinal), byPart.SelectMany(part => part).OrderBy(c => c.ConnectionId, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task ReadPageAsync_TopicPartitions_YieldEachLiveSubscriberOnce_ThatTopicOnly()
    {
        var (store, pages) = await PagedStoreAsync();
        var subscribers = new List<ConnectionRecord>();
        for (var i = 0; i < 25; i++)
        {
            subscribers.Add(await SubscribedAsync(store, $"user-{i % 4}", "doc:7"));
        }

        await SubscribedAsync(store, "user-9", "doc:8");
        await SubscribedAsync(store, "user-9", "doc:77");
        var stale = Connection(NewConnectionId(), "user-1", age: ExpiredAge);
        await store.AddAsync(stale);
        await ((Core.Topics.ITopicStore)store).SubscribeAsync(stale, "doc:7");

        var byPart = await ReadAllPartsAsync(pages, "doc:7", pages.TopicPartitions);

        Assert.Equal(Ids(subscribers), Ids(byPart.SelectMany(part => part)));
        Assert.Equal(subscribers.Count, byPart.Sum(part => part.Count));
    }

    [SkippableFact]
    public async Task ReadPageAsync_Parts_AreDisjoint_AndFollowTheConnectionsPartition()
    {
        var (store, pages) = await PagedStoreAsync();
        var connections = new List<ConnectionRecord>();
        for (var i = 0; i < 30; i++)
        {
            connections.Add(await SubscribedAsync(store, "user-1", "room:1"));
        }

        var topicParts = await ReadAllPartsAsync(pages, "room:1", pages.TopicPartitions);
        var scanParts = await ReadAllPartsAsync(pages, topic: null, parts: 4);

        // A topic's part is where the subscription was written: the connection id's partition.
        for (var part = 0; part < topicParts.Length; part++)
        {
            Assert.All(topicParts[part], c => Assert.Equal(part, RecipientPartition.Of(c.ConnectionId, pages.TopicPartitions)));
        }

        Assert.Equal(connections.Count, topicParts.SelectMany(part => part).Select(c => c.ConnectionId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(connections.Count, scanParts.SelectMany(part => part).Select(c => c.ConnectionId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(connections.Count, scanParts.Sum(part => part.Count));
        Assert.True(topicParts.Count(part => part.Count > 0) > 1, "30 subscriptions all landed in one partition.");
    }

    [SkippableFact]
    public async Task ReadPageAsync_SameCursorTwice_ReturnsTheSamePage()
    {
        var (store, pages) = await PagedStoreAsync();
        await AddAllAsync(store, Enumerable.Range(0, 10).Select(_ => Connection(NewConnectionId(), "user-1")));
        var range = new RecipientRange(null, 0, 1);
        var first = await pages.ReadPageAsync(range, null, PageLimit);
        Assert.NotNull(first.Cursor);

        var second = await pages.ReadPageAsync(range, first.Cursor, PageLimit);
        var again = await pages.ReadPageAsync(range, first.Cursor, PageLimit);

        Assert.Equal(PageLimit, second.Connections.Count);
        Assert.Equal(second.Connections, again.Connections);
        Assert.Equal(second.Cursor, again.Cursor);
        Assert.Empty(Ids(first.Connections).Intersect(Ids(second.Connections), StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task ReadPageAsync_ExpiredConnections_AreLeftOut_AndTheRangeStillEnds()
    {
        var (store, pages) = await PagedStoreAsync();
        await AddAllAsync(store, Enumerable.Range(0, 8).Select(_ => Connection(NewConnectionId(), "user-1", age: ExpiredAge)));
        var live = Connection(NewConnectionId(), "user-2");
        await store.AddAsync(live);

        var read = await ReadPartAsync(pages, new RecipientRange(null, 0, 1));

        Assert.Equal(live, Assert.Single(read.SelectMany(page => page.Connections)));
        Assert.Null(read[^1].Cursor);
    }

    [SkippableFact]
    public async Task ReadPageAsync_EmptyRange_ReturnsNoConnectionsAndNoCursor()
    {
        var (_, pages) = await PagedStoreAsync();

        var topic = await pages.ReadPageAsync(new RecipientRange("nobody:here", 0, pages.TopicPartitions), null, PageLimit);
        var all = await pages.ReadPageAsync(new RecipientRange(null, 0, 2), null, PageLimit);

        Assert.Empty(topic.Connections);
        Assert.Null(topic.Cursor);
        Assert.Empty(all.Connections);
        Assert.Null(all.Cursor);
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ReadPageAsync_LimitBelowOne_IsRefused(int limit)
    {
        var (_, pages) = await PagedStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => pages.ReadPageAsync(new RecipientRange(null, 0, 1), null, limit));
    }
}
