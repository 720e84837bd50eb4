using Notifier.Core.Connections;

namespace Notifier.Core.Tests;

public sealed class InMemoryConnectionStoreSmokeTests
{
    [Fact]
    public async Task AddAsync_ThenListByUser_ReturnsTheConnection()
    {
        var store = new InMemoryConnectionStore();
        var now = DateTimeOffset.UtcNow;
        await store.AddAsync(new ConnectionRecord("L0SM9cOFvHcCIhw=", "user-1", "http://127.0.0.1/local", now, ConnectionLifetime.ExpiresAt(now)));

        var listed = await store.ListByUserAsync("user-1");

        Assert.Equal("L0SM9cOFvHcCIhw=", Assert.Single(listed).ConnectionId);
    }
}
