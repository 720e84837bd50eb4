using Notifier.Core.Connections;
using Xunit;

namespace Notifier.Testing.Connections;

public abstract partial class ConnectionStoreContract
{
    /// <summary>Old enough that <see cref="ConnectionLifetime.ExpiresAt"/> lies 45 minutes in the past.</summary>
    protected static readonly TimeSpan ExpiredAge = TimeSpan.FromHours(3);

    [SkippableFact]
    public async Task GetAsync_ExpiredRecord_ReturnsNull()
    {
        var store = await StoreAsync();
        var stale = Connection(NewConnectionId(), "user-1", age: ExpiredAge);

        await store.AddAsync(stale);

        Assert.Null(await store.GetAsync(stale.ConnectionId));
    }

    [SkippableFact]
    public async Task ListByUserAsync_ExpiredRecord_IsNotListed()
    {
        var store = await StoreAsync();
        var stale = Connection(NewConnectionId(), "user-1", age: ExpiredAge);
        var live = Connection(NewConnectionId(), "user-1");

        await AddAllAsync(store, [stale, live]);

        Assert.Equal(live, Assert.Single(await store.ListByUserAsync("user-1")));
    }

    [SkippableFact]
    public async Task GetAsync_ClockPassesExpiresAt_ReturnsNull()
    {
        var store = await StoreAsync();
        var connection = Connection(NewConnectionId(), "user-1");
        await store.AddAsync(connection);

        Time.Advance(ConnectionLifetime.MaximumDuration + ConnectionLifetime.ExpiryMargin - TimeSpan.FromSeconds(1));
        var beforeExpiry = await store.GetAsync(connection.ConnectionId);
        Time.Advance(TimeSpan.FromSeconds(1));
        var atExpiry = await store.GetAsync(connection.ConnectionId);

        Assert.Equal(connection, beforeExpiry);
        Assert.Null(atExpiry);
        Assert.Empty(await store.ListByUserAsync("user-1"));
        Assert.Empty(await ReadAllAsync(store.ListAllAsync()));
    }

    [SkippableFact]
    public async Task AddAsync_ExpiredRecordReplacedByLiveOne_IsFoundAgain()
    {
        var store = await StoreAsync();
        var stale = Connection("Jx2fCd1voAMCLtg=", "user-1", age: ExpiredAge);
        await store.AddAsync(stale);

        var fresh = Connection("Jx2fCd1voAMCLtg=", "user-1");
        await store.AddAsync(fresh);

        Assert.Equal(fresh, await store.GetAsync(fresh.ConnectionId));
    }
}
