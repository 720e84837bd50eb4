using System.Diagnostics;
using Notifier.Aws.Connections;
using Notifier.Core.Connections;
using Notifier.Testing.Dynalite;
using Notifier.Testing.Network;

namespace Notifier.Aws.Tests.Connections;

/// <summary>A store that is down or silent fails promptly with <see cref="ConnectionStoreException"/>; handlers answer 500.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbConnectionStoreFailureTests
{
    /// <summary>Far below the SDK defaults (100 s per attempt, 3 retries), with room for a loaded CI machine.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    /// <summary>How long a test waits before calling the store hung.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly DynaliteServer _server;

    public DynamoDbConnectionStoreFailureTests(DynaliteServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task AddAsync_NothingListening_ThrowsConnectionStoreExceptionPromptly()
    {
        using var client = DynamoDbClientFactory.CreateClient(
            SilentTcpServer.ClosedEndpoint().AbsoluteUri, credentials: DynamoDbClientFactory.LocalCredentials(), timeout: TimeSpan.FromSeconds(2), maxErrorRetry: 1);
        var store = new DynamoDbConnectionStore(client, "connections");
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<ConnectionStoreException>(() => store.AddAsync(NewRecord())).WaitAsync(Bound);

        Assert.True(stopwatch.Elapsed < Prompt, $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task AddAsync_ServerNeverAnswers_ThrowsConnectionStoreExceptionAfterTheTimeout()
    {
        await using var silent = new SilentTcpServer();
        using var client = DynamoDbClientFactory.CreateClient(
            silent.Endpoint.AbsoluteUri, credentials: DynamoDbClientFactory.LocalCredentials(), timeout: TimeSpan.FromSeconds(1), maxErrorRetry: 0);
        var store = new DynamoDbConnectionStore(client, "connections");
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<ConnectionStoreException>(() => store.AddAsync(NewRecord())).WaitAsync(Bound);

        Assert.True(stopwatch.Elapsed < Prompt, $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task AddAsync_CallerCancelsWhileServerIsSilent_ThrowsOperationCanceled()
    {
        await using var silent = new SilentTcpServer();
        using var client = DynamoDbClientFactory.CreateClient(
            silent.Endpoint.AbsoluteUri, credentials: DynamoDbClientFactory.LocalCredentials(), timeout: TimeSpan.FromSeconds(30), maxErrorRetry: 0);
        var store = new DynamoDbConnectionStore(client, "connections");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var failure = await Record.ExceptionAsync(() => store.AddAsync(NewRecord(), cancellation.Token)).WaitAsync(Bound);

        Assert.IsAssignableFrom<OperationCanceledException>(failure);
    }

    [Fact]
    public async Task ListAllAsync_NothingListening_ThrowsConnectionStoreException()
    {
        using var client = DynamoDbClientFactory.CreateClient(
            SilentTcpServer.ClosedEndpoint().AbsoluteUri, credentials: DynamoDbClientFactory.LocalCredentials(), timeout: TimeSpan.FromSeconds(2), maxErrorRetry: 0);
        var store = new DynamoDbConnectionStore(client, "connections");

        await Assert.ThrowsAsync<ConnectionStoreException>(async () =>
        {
            await foreach (var unused in store.ListAllAsync())
            {
            }
        }).WaitAsync(Bound);
    }

    [SkippableFact]
    public async Task GetAsync_MissingTable_ThrowsConnectionStoreExceptionNamingTheTable()
    {
        _server.RequireAvailable();
        using var client = TestDynamoDb.CreateClient(_server.Endpoint);
        var store = new DynamoDbConnectionStore(client, "no-such-table");

        var failure = await Assert.ThrowsAsync<ConnectionStoreException>(() => store.GetAsync("Jx2fCd1voAMCLtg="));

        Assert.Contains("'no-such-table'", failure.Message, StringComparison.Ordinal);
    }

    private static ConnectionRecord NewRecord()
    {
        var now = TimeProvider.System.GetUtcNow();
        return new ConnectionRecord("Jx2fCd1voAMCLtg=", "user-1", "https://example.com/prod", now, ConnectionLifetime.ExpiresAt(now));
    }
}
