namespace Notifier.Core.Connections;

/// <summary>Where open connections are recorded, by connection id and by user.</summary>
/// <remarks>
/// Implementations are expected to be safe for concurrent use. Removing an unknown connection is not
/// an error: <c>$disconnect</c> is best effort and may arrive twice or never.
/// </remarks>
public interface IConnectionStore
{
    /// <summary>Records a connection, replacing any record with the same id.</summary>
    Task AddAsync(ConnectionRecord connection, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection; returns whether a record was there.</summary>
    Task<bool> RemoveAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Removes many connections at once, e.g. those that answered 410 Gone.</summary>
    Task RemoveManyAsync(IReadOnlyCollection<string> connectionIds, CancellationToken cancellationToken = default);

    /// <summary>Finds one connection, or null when it is not recorded.</summary>
    Task<ConnectionRecord?> GetAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Lists every recorded connection of a user (all their devices); empty for an unknown user.</summary>
    Task<IReadOnlyList<ConnectionRecord>> ListByUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Streams every recorded connection, for broadcasts.</summary>
    IAsyncEnumerable<ConnectionRecord> ListAllAsync(CancellationToken cancellationToken = default);
}
