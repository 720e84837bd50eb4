using System.Threading.RateLimiting;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;

namespace Notifier.Core.Tests.Delivery;

/// <summary>The post budget: every attempt, retries included, waits for a permit from the sender's one limiter, and the caller's token ends the wait.</summary>
public sealed class SenderPostBudgetTests
{
    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{"title":"hi"}""");
    private static readonly DeliveryOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();

    [Fact]
    public async Task SendToUserAsync_EveryAttemptTakesAPermit_RetriesIncluded()
    {
        await ConnectAsync("a", "b", "c");
        _channel.Script("a", ManagementCallStatus.Throttled, ManagementCallStatus.Throttled);
        _channel.Script("b", ManagementCallStatus.TransientFailure);
        using var budget = new GateLimiter(open: true);

        var report = await Sender(budget).SendToUserAsync("alice", Message);

        Assert.Equal(3, report.Delivered.Count);
        Assert.Equal(6, _channel.Posts.Count);
        Assert.Equal(6, budget.Granted);
    }

    [Fact]
    public async Task SendToUserAsync_BudgetHoldsThePermits_NothingIsPostedUntilItGrantsThem()
    {
        await ConnectAsync("a", "b", "c");
        using var budget = new GateLimiter(open: false);

        var sending = Sender(budget).SendToUserAsync("alice", Message);
        await budget.WaitForWaitersAsync(3).WaitAsync(Patience);
        var postedWhileHeld = _channel.Posts.Count;
        budget.Open();
        var report = await sending.WaitAsync(Patience);

        Assert.Equal(0, postedWhileHeld);
        Assert.Equal(3, report.Delivered.Count);
    }

    [Fact]
    public async Task SendToUserAsync_CallerGivesUpWhileWaitingForPermits_InterruptedAndNothingPosted()
    {
        await ConnectAsync("a", "b");
        using var budget = new GateLimiter(open: false);
        using var deadline = new CancellationTokenSource();

        var sending = Sender(budget).SendToUserAsync("alice", Message, deadline.Token);
        await budget.WaitForWaitersAsync(2).WaitAsync(Patience);
        await deadline.CancelAsync();
        var report = await sending.WaitAsync(Patience);

        Assert.True(report.Interrupted);
        Assert.Equal(["a", "b"], report.Failed.Select(f => f.ConnectionId).Order(StringComparer.Ordinal));
        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task SendToUserAsync_OnePostPerSecond_CallerGivesUpAfterTheFirst_TheRestWereHeldBack()
    {
        await ConnectAsync("a", "b", "c", "d", "e");
        using var deadline = new CancellationTokenSource();
        var sender = new NotificationSender(_store, _channel, new DeliveryOptions { PostsPerSecond = 1 });

        var sending = sender.SendToUserAsync("alice", Message, deadline.Token);
        while (_channel.Posts.Count == 0 && !sending.IsCompleted)
        {
            await Task.Delay(10);
        }

        await deadline.CancelAsync();
        var report = await sending.WaitAsync(Patience);

        // Five posts at one a second take four seconds at the least; the caller gave up long before.
        Assert.True(report.Interrupted);
        Assert.InRange(report.Delivered.Count, 1, 4);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructor_PostsPerSecondBelowOne_IsRejected(int postsPerSecond)
    {
        Assert.Throws<ArgumentException>(() => new NotificationSender(_store, _channel, new DeliveryOptions { PostsPerSecond = postsPerSecond }));
    }

    private NotificationSender Sender(RateLimiter budget) => new(_store, _channel, FastRetries, timeProvider: null, logger: null, topics: null, budget);

    private async Task ConnectAsync(params string[] connectionIds)
    {
        foreach (var id in connectionIds)
        {
            await _store.AddAsync(TestRecords.Settled(id, "alice", "http://127.0.0.1/local"));
        }
    }

    /// <summary>A limiter that grants every permit while open and holds them while closed, counting both.</summary>
    private sealed class GateLimiter(bool open) : RateLimiter
    {
        private readonly TaskCompletionSource _opened = NewSignal(open);
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Signal)> _waiterSignals = [];
        private int _granted;
        private int _waiting;

        public int Granted => Volatile.Read(ref _granted);

        public override TimeSpan? IdleDuration => null;

        public void Open() => _opened.TrySetResult();

        /// <summary>Completes once <paramref name="count"/> acquisitions are waiting at the same time.</summary>
        public Task WaitForWaitersAsync(int count)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiterSignals.Add((count, signal));
                Notify();
            }

            return signal.Task;
        }

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
            _opened.Task.IsCompleted ? Grant(permitCount) : Lease.Refused;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _waiting++;
                Notify();
            }

            try
            {
                await _opened.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                lock (_gate)
                {
                    _waiting--;
                }
            }

            return Grant(permitCount);
        }

        private static TaskCompletionSource NewSignal(bool set)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (set)
            {
                signal.SetResult();
            }

            return signal;
        }

        private Lease Grant(int permitCount)
        {
            Interlocked.Add(ref _granted, permitCount);
            return Lease.Granted;
        }

        private void Notify()
        {
            foreach (var (count, signal) in _waiterSignals.Where(w => _waiting >= w.Count))
            {
                signal.TrySetResult();
            }
        }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static Lease Granted { get; } = new(acquired: true);

        public static Lease Refused { get; } = new(acquired: false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
