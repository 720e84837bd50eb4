namespace Notifier.Core.Delivery;

/// <summary>Limits posts in flight; halves the limit when throttled and grows it back by one per round of successes.</summary>
/// <remarks>Additive increase, multiplicative decrease, as TCP does, so a throttled fan-out backs off at once and recovers gradually.</remarks>
internal sealed class AdaptiveConcurrencyLimiter
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly int _min;
    private readonly int _max;
    private int _limit;
    private int _inFlight;
    private int _successesSinceIncrease;

    public AdaptiveConcurrencyLimiter(int min, int max)
    {
        _min = min;
        _max = max;
        _limit = max;
    }

    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    public Task EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_inFlight < _limit)
            {
                _inFlight++;
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    public void Exit()
    {
        lock (_gate)
        {
            _inFlight--;
            ReleaseWaitersLocked();
        }
    }

    public void OnThrottled()
    {
        lock (_gate)
        {
            _limit = Math.Max(_min, _limit / 2);
            _successesSinceIncrease = 0;
        }
    }

    public void OnSuccess()
    {
        lock (_gate)
        {
            if (_limit < _max && ++_successesSinceIncrease >= _limit)
            {
                _limit++;
                _successesSinceIncrease = 0;
                ReleaseWaitersLocked();
            }
        }
    }

    private static async Task WaitAsync(TaskCompletionSource waiter, CancellationToken cancellationToken)
    {
        // A cancelled waiter stays queued until ReleaseWaitersLocked skips it; TrySetResult loses the race harmlessly.
        await using var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)).ConfigureAwait(false);
        await waiter.Task.ConfigureAwait(false);
    }

    private void ReleaseWaitersLocked()
    {
        while (_inFlight < _limit && _waiters.TryDequeue(out var waiter))
        {
            if (waiter.TrySetResult())
            {
                _inFlight++;
            }
        }
    }
}
