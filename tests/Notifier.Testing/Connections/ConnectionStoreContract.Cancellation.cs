using Xunit;

namespace Notifier.Testing.Connections;

public abstract partial class ConnectionStoreContract
{
    [SkippableFact]
    public async Task AllOperations_CanceledToken_ThrowOperationCanceled()
    {
        var store = await StoreAsync();
        var connection = Connection(NewConnectionId(), "user-1");
        await store.AddAsync(connection);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var token = cancellation.Token;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AddAsync(Connection(NewConnectionId(), "user-1"), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetAsync(connection.ConnectionId, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ListByUserAsync("user-1", token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.RemoveAsync(connection.ConnectionId, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.RemoveManyAsync([connection.ConnectionId], token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAllAsync(store.ListAllAsync(token)));

        Assert.Equal(connection, await store.GetAsync(connection.ConnectionId));
        Assert.Single(await store.ListByUserAsync("user-1"));
    }

    [SkippableFact]
    public async Task ListAllAsync_CanceledWhileEnumerating_ThrowsOperationCanceled()
    {
        var store = await StoreAsync();
        await AddAllAsync(store, Enumerable.Range(0, 30).Select(_ => Connection(NewConnectionId(), "user-1")));
        using var cancellation = new CancellationTokenSource();

        var read = 0;
        async Task EnumerateAsync()
        {
            await foreach (var unused in store.ListAllAsync(cancellation.Token))
            {
                if (++read == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(EnumerateAsync);
        Assert.Equal(3, read);
    }
}
