using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;

namespace Notifier.Core.Tests.Delivery;

/// <summary>A send to many users streams: posts start while later users are still being looked up, and a lookup's failure or the caller's deadline is reported as before.</summary>
public sealed class SenderUserLookupTests
{
    private const int Users = 40;
    private const string LastUser = "user-39";

    // Long enough that a sender which waits for every lookup before posting fails here rather than hangs.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{"title":"hi"}""");
    private static readonly DeliveryOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private readonly ScriptedChannel _posts = new();
    private readonly SignallingChannel _channel;
    private readonly LastLookupWaitsStore _store;

    public SenderUserLookupTests()
    {
        _channel = new SignallingChannel(_posts);
        _store = new LastLookupWaitsStore(LastUser, _channel.FirstPost);
    }

    private static IReadOnlyList<string> AllUsers => [.. Enumerable.Range(0, Users).Select(i => $"user-{i}")];

    [Fact]
    public async Task SendToUsersAsync_LastLookupWaitsForAPost_PostsStartBeforeEveryUserIsFound()
    {
        await ConnectEveryUserAsync();

        var report = await new NotificationSender(_store, _channel, FastRetries).SendToUsersAsync(AllUsers, Message).WaitAsync(Patience);

        Assert.Equal(Users, report.Delivered.Count);
        Assert.All(Enumerable.Range(0, Users), i => Assert.Single(_posts.Received($"c{i}")));
        Assert.False(report.Interrupted);
    }

    [Fact]
    public async Task SendToUsersAsync_LookupFailsAfterPostsStarted_TheyEndFirst_AndTheErrorCarriesTheirReport()
    {
        await ConnectEveryUserAsync();
        _store.LastLookupFails = true;

        var error = await Assert.ThrowsAsync<DeliveryInterruptedException>(
            () => new NotificationSender(_store, _channel, FastRetries).SendToUsersAsync(AllUsers, Message).WaitAsync(Patience));

        Assert.IsType<ConnectionStoreException>(error.InnerException);
        Assert.Equal(0, _channel.InFlight);
        Assert.NotEmpty(error.Report.Delivered);
        Assert.DoesNotContain($"c{Users - 1}", error.Report.Delivered);
        Assert.Equal(error.Report.Recipients, _posts.Posts.Count);
        Assert.All(error.Report.Delivered, id => Assert.Single(_posts.Received(id)));
    }

    [Fact]
    public async Task SendToUsersAsync_CallerGivesUpWhileALookupWaits_ReportsWhatWasStarted_AsInterrupted()
    {
        await ConnectEveryUserAsync();
        _store.LastLookupNeverAnswers = true;
        using var deadline = new CancellationTokenSource();
        _ = _channel.FirstPost.ContinueWith(_ => deadline.CancelAsync(), TaskScheduler.Default);

        var report = await new NotificationSender(_store, _channel, FastRetries).SendToUsersAsync(AllUsers, Message, deadline.Token).WaitAsync(Patience);

        Assert.True(report.Interrupted);
        Assert.NotEqual(0, report.Recipients);
        Assert.DoesNotContain($"c{Users - 1}", report.Delivered);
        Assert.Equal(0, _channel.InFlight);
    }

    [Fact]
    public async Task SendToUsersAsync_EveryLookupFails_ThrowsTheStoreError_AndPostsNothing()
    {
        await ConnectEveryUserAsync();
        _store.EveryLookupFails = true;

        await Assert.ThrowsAsync<ConnectionStoreException>(
            () => new NotificationSender(_store, _channel, FastRetries).SendToUsersAsync(AllUsers, Message).WaitAsync(Patience));

        Assert.Empty(_posts.Posts);
    }

    private async Task ConnectEveryUserAsync()
    {
        for (var i = 0; i < Users; i++)
        {
            await _store.AddAsync(TestRecords.Settled($"c{i}", $"user-{i}", "http://127.0.0.1/local"));
        }
    }

    /// <summary>A channel that signals when the first post reaches it, and counts posts in flight.</summary>
    private sealed class SignallingChannel(IConnectionChannel inner) : IConnectionChannel
    {
        private readonly TaskCompletionSource _firstPost = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;

        public Task FirstPost => _firstPost.Task;

        public int InFlight => Volatile.Read(ref _inFlight);

        public async Task<PostResult> PostAsync(ConnectionRecord connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                _firstPost.TrySetResult();
                return await inner.PostAsync(connection, message, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>An in-memory store whose lookup of one user answers only once a post has been made, then as told.</summary>
    private sealed class LastLookupWaitsStore(string lastUser, Task firstPost) : IConnectionStore
    {
        private readonly InMemoryConnectionStore _inner = new();

        public bool LastLookupFails { get; set; }

        public bool LastLookupNeverAnswers { get; set; }

        public bool EveryLookupFails { get; set; }

        public Task AddAsync(ConnectionRecord connection, CancellationToken cancellationToken = default) => _inner.AddAsync(connection, cancellationToken);

        public Task<bool> RemoveAsync(string connectionId, CancellationToken cancellationToken = default) => _inner.RemoveAsync(connectionId, cancellationToken);

        public Task RemoveManyAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken = default) => _inner.RemoveManyAsync(connectionIds, cancellationToken);

        public Task<ConnectionRecord?> GetAsync(string connectionId, CancellationToken cancellationToken = default) => _inner.GetAsync(connectionId, cancellationToken);

        public IAsyncEnumerable<ConnectionRecord> ListAllAsync(CancellationToken cancellationToken = default) => _inner.ListAllAsync(cancellationToken);

        public async Task<IReadOnlyList<ConnectionRecord>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
        {
            if (EveryLookupFails)
            {
                throw new ConnectionStoreException("the store failed during lookup (injected)");
            }

            if (userId == lastUser)
            {
                await firstPost.WaitAsync(cancellationToken);
                if (LastLookupNeverAnswers)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                }

                if (LastLookupFails)
                {
                    throw new ConnectionStoreException("the store failed during lookup (injected)");
                }
            }

            return await _inner.ListByUserAsync(userId, cancellationToken);
        }
    }
}
