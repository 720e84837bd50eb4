using Amazon.DynamoDBv2.Model;
using Notifier.Aws.Connections;
using Notifier.Core.Connections;
using Notifier.Testing.Network;

namespace Notifier.Aws.Tests.Connections;

/// <summary>BatchWriteItem chunking and the retry of unprocessed items, against a scripted client.</summary>
public sealed class DynamoDbConnectionStoreBatchTests : IDisposable
{
    private const string Table = "connections";

    private static readonly DynamoDbConnectionStoreOptions FastRetries = new()
    {
        BatchWriteMaxAttempts = 4,
        BatchWriteBaseDelay = TimeSpan.FromMilliseconds(1),
        BatchWriteMaxDelay = TimeSpan.FromMilliseconds(5),
    };

    private RecordingDynamoDbClient? _client;

    public void Dispose() => _client?.Dispose();

    [Fact]
    public async Task RemoveManyAsync_SixtyIds_SendsThreeBatchesOfAtMostTwentyFive()
    {
        var store = CreateStore(_ => new BatchWriteItemResponse());
        var ids = Enumerable.Range(0, 60).Select(i => $"id-{i}").ToList();

        await store.RemoveManyAsync([.. ids, "id-0", "id-59"]);

        var sizes = _client!.BatchWrites.Select(b => b.RequestItems[Table].Count).ToList();
        Assert.Equal([25, 25, 10], sizes);
        var sent = _client.BatchWrites.SelectMany(b => b.RequestItems[Table]).Select(KeyOf).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RemoveManyAsync_UnprocessedOnce_ResendsOnlyThoseAndSucceeds()
    {
        var calls = 0;
        var store = CreateStore(request => ++calls == 1
            ? new BatchWriteItemResponse { UnprocessedItems = new() { [Table] = request.RequestItems[Table].Take(2).ToList() } }
            : new BatchWriteItemResponse());

        await store.RemoveManyAsync(["a", "b", "c", "d"]);

        var batches = _client!.BatchWrites.ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal(["a", "b"], batches[1].RequestItems[Table].Select(KeyOf));
    }

    [Fact]
    public async Task RemoveManyAsync_AlwaysUnprocessed_ThrowsAfterMaxAttempts()
    {
        var store = CreateStore(request => new BatchWriteItemResponse { UnprocessedItems = request.RequestItems });

        var failure = await Assert.ThrowsAsync<ConnectionStoreException>(() => store.RemoveManyAsync(["a", "b", "c"]))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(FastRetries.BatchWriteMaxAttempts, _client!.BatchWrites.Count);
        Assert.Contains("3 deletes unprocessed after 4 attempts", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveManyAsync_CanceledDuringBackoff_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var store = CreateStore(
            request =>
            {
                cancellation.Cancel();
                return new BatchWriteItemResponse { UnprocessedItems = request.RequestItems };
            },
            new DynamoDbConnectionStoreOptions { BatchWriteBaseDelay = TimeSpan.FromSeconds(30), BatchWriteMaxDelay = TimeSpan.FromSeconds(30) });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.RemoveManyAsync(["a"], cancellation.Token))
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(_client!.BatchWrites);
    }

    [Fact]
    public async Task RemoveManyAsync_WithTopics_LooksUpSubscriptionsOfSeveralConnectionsAtOnce_WithinACap()
    {
        // Each subscription lookup waits until four are under way (or gives up after a while), so one at a
        // time shows as a maximum of one; four is the store's cap.
        const int Cap = 4;
        var inFlight = 0;
        var maxInFlight = 0;
        var entered = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client = new RecordingDynamoDbClient(SilentTcpServer.ClosedEndpoint())
        {
            BatchWrite = _ => new BatchWriteItemResponse(),
            Query = async (_, token) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxInFlight, now);
                if (Interlocked.Increment(ref entered) >= Cap)
                {
                    enough.TrySetResult();
                }

                await Task.WhenAny(enough.Task, Task.Delay(TimeSpan.FromSeconds(1), token));
                Interlocked.Decrement(ref inFlight);
                return new QueryResponse();
            },
        };
        var store = new DynamoDbConnectionStore(_client, Table, options: new DynamoDbConnectionStoreOptions { TopicsTableName = "topics" });

        await store.RemoveManyAsync([.. Enumerable.Range(0, 10).Select(i => $"id-{i}")]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(10, _client.Queries.Count);
        Assert.InRange(maxInFlight, 2, Cap);
        Assert.Equal(10, _client.BatchWrites.Sum(b => b.RequestItems[Table].Count));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private DynamoDbConnectionStore CreateStore(Func<BatchWriteItemRequest, BatchWriteItemResponse> script, DynamoDbConnectionStoreOptions? options = null)
    {
        _client = new RecordingDynamoDbClient(SilentTcpServer.ClosedEndpoint()) { BatchWrite = script };
        return new DynamoDbConnectionStore(_client, Table, options: options ?? FastRetries);
    }

    private static string KeyOf(WriteRequest write) => write.DeleteRequest.Key[ConnectionTableSchema.ConnectionId].S;
}
