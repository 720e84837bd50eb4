using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Notifier.Core.Connections;
using Xunit;

namespace Notifier.Testing.Connections;

/// <summary>
/// What every <see cref="IConnectionStore"/> must do, topic subscriptions (<see cref="Core.Topics.ITopicStore"/>)
/// included, written once and run against each implementation by deriving from this class and implementing
/// <see cref="CreateStoreAsync"/>.
/// </summary>
/// <remarks>
/// Times start at the current instant truncated to the second (a store may keep <c>ExpiresAt</c> in whole
/// seconds, as DynamoDB's TTL does) and move only through <see cref="Time"/>. Tests are
/// <c>[SkippableFact]</c> so that an implementation needing a missing server can skip via
/// <see cref="RequiredComponent"/>.
/// </remarks>
public abstract partial class ConnectionStoreContract
{
    protected const string Endpoint = "https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod";

    protected ConnectionStoreContract()
    {
        var now = TimeProvider.System.GetUtcNow();
        Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()));
    }

    /// <summary>The clock handed to the store; tests advance it to expire records.</summary>
    protected FakeTimeProvider Time { get; }

    /// <summary>Creates an empty store that reads the time from <paramref name="time"/>.</summary>
    protected abstract Task<IConnectionStore> CreateStoreAsync(TimeProvider time);

    /// <summary>An API Gateway-like id: 16 characters of base64, so <c>+</c>, <c>/</c> and <c>=</c> occur.</summary>
    protected static string NewConnectionId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(11));

    protected ConnectionRecord Connection(string connectionId, string userId, TimeSpan? age = null, string? sourceIp = "203.0.113.7")
    {
        var connectedAt = Time.GetUtcNow() - (age ?? TimeSpan.Zero);
        return new ConnectionRecord(connectionId, userId, Endpoint, connectedAt, ConnectionLifetime.ExpiresAt(connectedAt), sourceIp);
    }

    protected async Task<IConnectionStore> StoreAsync() => await CreateStoreAsync(Time);

    protected static async Task AddAllAsync(IConnectionStore store, IEnumerable<ConnectionRecord> records)
    {
        foreach (var record in records)
        {
            await store.AddAsync(record);
        }
    }

    protected static async Task<List<ConnectionRecord>> ReadAllAsync(IAsyncEnumerable<ConnectionRecord> records)
    {
        var list = new List<ConnectionRecord>();
        await foreach (var record in records)
        {
            list.Add(record);
        }

        return list;
    }

    protected static string[] Ids(IEnumerable<ConnectionRecord> records) =>
        [.. records.Select(r => r.ConnectionId).Order(StringComparer.Ordinal)];

    protected static string[] Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];

    [SkippableFact]
    public async Task GetAsync_AfterAdd_ReturnsTheSameRecord()
    {
        var store = await StoreAsync();
        var connection = Connection("Jx2fCd1voAMCLtg=", "user-1");

        await store.AddAsync(connection);
        var found = await store.GetAsync(connection.ConnectionId);

        Assert.Equal(connection, found);
    }

    [SkippableFact]
    public async Task GetAsync_WithoutSourceIp_RoundTripsNull()
    {
        var store = await StoreAsync();
        var connection = Connection("L0SM9cOFvHcCIhw=", "user-1", sourceIp: null);

        await store.AddAsync(connection);
        var found = await store.GetAsync(connection.ConnectionId);

        Assert.Equal(connection, found);
        Assert.Null(found!.SourceIp);
    }

    [SkippableFact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        var store = await StoreAsync();

        var found = await store.GetAsync("unknown0000000A=");

        Assert.Null(found);
    }

    [SkippableFact]
    public async Task AddAsync_SameIdAgain_ReplacesTheRecord()
    {
        var store = await StoreAsync();
        var first = Connection("Jx2fCd1voAMCLtg=", "user-1");
        var second = first with { Endpoint = "https://ws.example.com/dev", SourceIp = "198.51.100.4" };

        await store.AddAsync(first);
        await store.AddAsync(second);

        Assert.Equal(second, await store.GetAsync(first.ConnectionId));
        Assert.Equal(second, Assert.Single(await store.ListByUserAsync("user-1")));
    }

    [SkippableFact]
    public async Task AddAsync_SameIdUnderAnotherUser_MovesTheConnection()
    {
        var store = await StoreAsync();
        var connection = Connection("Jx2fCd1voAMCLtg=", "user-1");

        await store.AddAsync(connection);
        await store.AddAsync(connection with { UserId = "user-2" });

        Assert.Empty(await store.ListByUserAsync("user-1"));
        Assert.Equal("user-2", Assert.Single(await store.ListByUserAsync("user-2")).UserId);
        Assert.Equal("user-2", (await store.GetAsync(connection.ConnectionId))!.UserId);
    }

    [SkippableFact]
    public async Task AddAsync_IdsWithBase64Punctuation_RoundTrip()
    {
        var store = await StoreAsync();
        string[] ids = ["a+b/c=d==", "++//++//++//+A==", "/leading/slash=", "trailing+plus+", "Jx2fCd1voAMCLtg="];

        await AddAllAsync(store, ids.Select(id => Connection(id, "user-1")));

        foreach (var id in ids)
        {
            Assert.Equal(id, (await store.GetAsync(id))?.ConnectionId);
        }

        Assert.Equal(Sorted(ids), Ids(await store.ListByUserAsync("user-1")));
        Assert.True(await store.RemoveAsync("a+b/c=d=="));
        Assert.Null(await store.GetAsync("a+b/c=d=="));
        Assert.NotNull(await store.GetAsync("++//++//++//+A=="));
    }
}
