using System.Runtime.CompilerServices;
using Notifier.Core.Connections;

namespace Notifier.Testing.Connections;

/// <summary>An in-memory store whose lookups and prunes can be made to fail or to be slow, as a struggling DynamoDB would.</summary>
/// <remarks>
/// Lookups are <see cref="GetAsync"/>, <see cref="ListByUserAsync"/> and <see cref="ListAllAsync"/>; prunes are
/// <see cref="RemoveManyAsync"/>. Failures are <see cref="ConnectionStoreException"/>, as the DynamoDB store throws;
/// delays honour the caller's cancellation. Adds and single removes always work, so tests can set the scene.
/// </remarks>
public sealed class FaultyConnectionStore : IConnectionStore
{
    private readonly InMemoryConnectionStore _inner;
    private int _lookups;
    private int _prunes;

    public FaultyConnectionStore(TimeProvider? timeProvider = null)
    {
        _inner = new InMemoryConnectionStore(timeProvider);
    }

    public bool FailLookups { get; set; }

    public TimeSpan LookupDelay { get; set; }

    /// <summary>When set, <see cref="ListAllAsync"/> yields this many records and then fails.</summary>
    public int? FailListingAfter { get; set; }

    public bool FailPrunes { get; set; }

    public TimeSpan PruneDelay { get; set; }

    public int Lookups => Volatile.Read(ref _lookups);

    public int Prunes => Volatile.Read(ref _prunes);

    public Task AddAsync(ConnectionRecord connection, CancellationToken cancellationToken = default) => _inner.AddAsync(connection, cancellationToken);

    public Task<bool> RemoveAsync(string connectionId, CancellationToken cancellationToken = default) => _inner.RemoveAsync(connectionId, cancellationToken);

    public async Task RemoveManyAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _prunes);
        await FaultAsync(FailPrunes, PruneDelay, "prune", cancellationToken);
        await _inner.RemoveManyAsync(connectionIds, cancellationToken);
    }

    public async Task<ConnectionRecord?> GetAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        await LookupFaultAsync(cancellationToken);
        return await _inner.GetAsync(connectionId, cancellationToken);
    }

    public async Task<IReadOnlyList<ConnectionRecord>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await LookupFaultAsync(cancellationToken);
        return await _inner.ListByUserAsync(userId, cancellationToken);
    }

    public async IAsyncEnumerable<ConnectionRecord> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await LookupFaultAsync(cancellationToken);
        var yielded = 0;
        await foreach (var record in _inner.ListAllAsync(cancellationToken))
        {
            if (yielded++ == FailListingAfter)
            {
                throw new ConnectionStoreException("the scan failed part-way (injected)");
            }

            yield return record;
        }
    }

    private Task LookupFaultAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return FaultAsync(FailLookups, LookupDelay, "lookup", cancellationToken);
    }

    private static async Task FaultAsync(bool fail, TimeSpan delay, string operation, CancellationToken cancellationToken)
    {
        if (delay != TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        if (fail)
        {
            throw new ConnectionStoreException($"the store failed during {operation} (injected)");
        }
    }
}
