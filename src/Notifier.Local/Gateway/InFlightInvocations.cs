namespace Notifier.Local.Gateway;

/// <summary>The route invocations one connection has running: at most a fixed number at once, none left unobserved, all ended before <c>$disconnect</c>.</summary>
/// <remarks>
/// API Gateway invokes a message's route without waiting for the one before, so one connection's messages run
/// concurrently there and their replies can arrive out of order; the local gateway does the same. The bound
/// (<see cref="GatewayOptions.MaxInFlightMessages"/>) is the local gateway's own: when it is reached the receive loop
/// stops reading until an invocation ends, so one client cannot start unbounded work. The semaphore and the token
/// source are created with the first message: most connections only listen.
/// </remarks>
internal sealed class InFlightInvocations
{
    private readonly int _limit;
    private readonly CancellationToken _stopping;
    private SemaphoreSlim? _slots;
    private CancellationTokenSource? _cancellation;

    public InFlightInvocations(int limit, CancellationToken stopping)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
        _stopping = stopping;
    }

    /// <summary>Waits for a free slot, then starts <paramref name="invocation"/> without waiting for it to end.</summary>
    /// <param name="invocation">Gets a token cancelled when the request is aborted or the drain gives up on it.</param>
    /// <param name="failed">Called with anything the invocation throws; the started task itself never faults.</param>
    public async Task StartAsync(Func<CancellationToken, Task> invocation, Action<Exception> failed)
    {
        _slots ??= new SemaphoreSlim(_limit, _limit);
        _cancellation ??= CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        await _slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _ = RunAsync(invocation, failed, _slots, _cancellation.Token);
    }

    /// <summary>Waits until no invocation is running; past <paramref name="grace"/> cancels them and waits <paramref name="cancelGrace"/> more.</summary>
    /// <returns>False when some invocation ignored its cancellation and is still running.</returns>
    public async Task<bool> DrainAsync(TimeSpan grace, TimeSpan cancelGrace)
    {
        if (_slots is null || _cancellation is null)
        {
            return true;
        }

        var acquired = 0;
        acquired += await AcquireAsync(_slots, _limit - acquired, grace).ConfigureAwait(false);
        if (acquired < _limit)
        {
            await _cancellation.CancelAsync().ConfigureAwait(false);
            acquired += await AcquireAsync(_slots, _limit - acquired, cancelGrace).ConfigureAwait(false);
        }

        if (acquired < _limit)
        {
            return false; // the stragglers still release their slots; the semaphore and token source stay undisposed for them
        }

        _cancellation.Dispose();
        return true;
    }

    private static async Task RunAsync(Func<CancellationToken, Task> invocation, Action<Exception> failed, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await invocation(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failed(exception);
        }
        finally
        {
            slots.Release();
        }
    }

    private static async Task<int> AcquireAsync(SemaphoreSlim slots, int wanted, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var acquired = 0;
        try
        {
            while (acquired < wanted)
            {
                await slots.WaitAsync(timeout.Token).ConfigureAwait(false);
                acquired++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return acquired;
    }
}
